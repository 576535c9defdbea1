from liens.cli import main

main()
