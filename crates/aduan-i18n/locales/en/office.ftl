# Back office: navigation.
office-nav-label = Office menu
office-nav-queue = Queue
nav-office = Office
