"""Identity resolution: pure scoring over plain data, no Django (docs/identity-resolution.md)."""
