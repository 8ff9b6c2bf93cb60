from interviewsim.cli import main

raise SystemExit(main())
