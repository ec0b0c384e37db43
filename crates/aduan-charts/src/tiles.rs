//! Where each province's tile lies on the map's grid.

/// The 38 provinces' tiles: (Kemendagri code, abbreviation, column, row), on a grid of 16
/// columns (0–15, west to east) and 6 rows (0–5, north to south), each province on its own
/// cell roughly where it lies: Sumatra on the left, Java and Bali–Nusa Tenggara along the
/// bottom, Kalimantan and Sulawesi in the middle, Maluku and the Papua provinces on the right.
/// Ordered by code, as in `data/regions.csv`.
pub const PROVINCE_TILES: [(&str, &str, u8, u8); 38] = [
    ("11", "ACEH", 0, 0),
    ("12", "SUMUT", 1, 1),
    ("13", "SUMBAR", 1, 2),
    ("14", "RIAU", 2, 1),
    ("15", "JAMBI", 2, 2),
    ("16", "SUMSEL", 2, 3),
    ("17", "BKL", 1, 3),
    ("18", "LPG", 2, 4),
    ("19", "BABEL", 3, 2),
    ("21", "KEPRI", 3, 1),
    ("31", "DKI", 4, 3),
    ("32", "JABAR", 4, 4),
    ("33", "JATENG", 5, 4),
    ("34", "DIY", 5, 5),
    ("35", "JATIM", 6, 4),
    ("36", "BANTEN", 3, 4),
    ("51", "BALI", 7, 4),
    ("52", "NTB", 8, 4),
    ("53", "NTT", 9, 4),
    ("61", "KALBAR", 5, 1),
    ("62", "KALTENG", 6, 2),
    ("63", "KALSEL", 7, 2),
    ("64", "KALTIM", 7, 1),
    ("65", "KALTARA", 7, 0),
    ("71", "SULUT", 11, 0),
    ("72", "SULTENG", 9, 1),
    ("73", "SULSEL", 9, 2),
    ("74", "SULTRA", 10, 2),
    ("75", "GTLO", 10, 1),
    ("76", "SULBAR", 8, 2),
    ("81", "MALUKU", 12, 3),
    ("82", "MALUT", 12, 1),
    ("91", "PAPUA", 15, 1),
    ("92", "PABAR", 14, 1),
    ("93", "PSEL", 15, 3),
    ("94", "PTENG", 14, 2),
    ("95", "PPEG", 15, 2),
    ("96", "PBD", 13, 1),
];

/// The grid's size in cells: (columns, rows).
pub(crate) const GRID: (u8, u8) = (16, 6);
