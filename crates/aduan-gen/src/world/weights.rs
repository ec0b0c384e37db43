//! The weights that skew generated traffic the way real traffic is skewed.

/// Population of a province in millions (BPS mid-2024 projections, rounded), times 1.3 for
/// the provinces of Java, whose residents use the national complaint service most. Used only
/// as relative weights.
pub fn province_population(code: &str) -> f64 {
    let millions = match code {
        "11" => 5.55,
        "12" => 15.6,
        "13" => 5.84,
        "14" => 6.73,
        "15" => 3.72,
        "16" => 8.84,
        "17" => 2.11,
        "18" => 9.31,
        "19" => 1.53,
        "21" => 2.18,
        "31" => 10.68,
        "32" => 50.35,
        "33" => 37.89,
        "34" => 3.76,
        "35" => 41.65,
        "36" => 12.43,
        "51" => 4.43,
        "52" => 5.65,
        "53" => 5.62,
        "61" => 5.62,
        "62" => 2.8,
        "63" => 4.22,
        "64" => 4.0,
        "65" => 0.73,
        "71" => 2.7,
        "72" => 3.12,
        "73" => 9.46,
        "74" => 2.8,
        "75" => 1.2,
        "76" => 1.46,
        "81" => 1.9,
        "82" => 1.34,
        "91" => 1.06,
        "92" => 0.56,
        "93" => 0.53,
        "94" => 1.45,
        "95" => 1.45,
        "96" => 0.62,
        _ => 1.0,
    };
    if code.starts_with('3') {
        millions * 1.3
    } else {
        millions
    }
}

/// The Zipf-like weight of the region ranked `rank` (from 1) within its province.
pub fn zipf(rank: usize) -> f64 {
    1.0 / (rank as f64).powf(0.8)
}

/// The relative share of a top-level topic: infrastructure, social assistance, health,
/// education and population administration dominate, campaign topics are rare.
pub fn topic_weight(topic: &str) -> f64 {
    match topic {
        "PEKERJAAN UMUM DAN PENATAAN RUANG" => 14.0,
        "SOSIAL DAN KESEJAHTERAAN" => 12.0,
        "KESEHATAN" => 10.0,
        "PENDIDIKAN DAN KEBUDAYAAN" => 10.0,
        "KEPENDUDUKAN" => 9.0,
        "KETENAGAKERJAAN" => 5.0,
        "ENERGI DAN SUMBER DAYA ALAM" => 5.0,
        "PERHUBUNGAN" => 4.0,
        "KETENTERAMAN, KETERTIBAN UMUM, DAN PELINDUNGAN MASYARAKAT" => 4.0,
        "LINGKUNGAN HIDUP DAN KEHUTANAN" => 3.0,
        "POLITIK DAN HUKUM" => 3.0,
        "EKONOMI DAN KEUANGAN" => 3.0,
        "PEMBANGUNAN DESA, DAERAH TERTINGGAL, DAN TRANSMIGRASI" => 3.0,
        "PERLINDUNGAN KONSUMEN" => 2.0,
        "AGAMA" | "TEKNOLOGI INFORMASI DAN KOMUNIKASI" | "PERTANIAN DAN PETERNAKAN" => 2.0,
        "PROGRAM MAKAN BERGIZI GRATIS (MBG)" | "TOPIK LAINNYA" => 2.0,
        "TOPIK KHUSUS" => 1.5,
        "KEKERASAN DI SATUAN PENDIDIKAN (SEKOLAH, KAMPUS, LEMBAGA KURSUS)" => 1.0,
        "KESETARAAN GENDER DAN SOSIAL INKLUSIF" | "NETRALITAS ASN" => 1.0,
        "PENCEGAHAN DAN PEMBERANTASAN PENYALAHGUNAAN DAN PEREDARAN GELAP NARKOTIKA DAN PREKURSOR NARKOTIKA (P4GN)" => {
            0.8
        }
        "PELINDUNGAN WNI" => 0.8,
        "POLITISASI ASN" | "SP4N-LAPOR!" => 0.6,
        "EVAKUASI HEWAN LIAR" => 0.5,
        _ => 0.35,
    }
}

/// A stable 64-bit FNV-1a hash, for deterministic orderings that no platform changes.
pub fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
