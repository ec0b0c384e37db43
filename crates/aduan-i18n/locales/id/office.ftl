# Kantor (back office): navigasi.
office-nav-label = Menu kantor
office-nav-queue = Antrean
nav-office = Kantor
