from liens.cli.app import main

main()
