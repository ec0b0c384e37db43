//! The details a template can name, and the per-report context that invents them once each.

use super::words::Words;
use chrono::NaiveDate;
use rand::Rng;
use rand::rngs::SmallRng;

macro_rules! slots {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// A detail a template can name as `{name}`; each variant is the slot of that name.
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Slot { $($variant),+ }

        impl Slot {
            /// Every slot.
            pub const ALL: &'static [Slot] = &[$(Slot::$variant),+];

            /// The slot named `name`.
            pub fn parse(name: &str) -> Option<Slot> {
                match name { $($name => Some(Slot::$variant),)+ _ => None }
            }

            /// The slot's name in templates.
            pub fn name(self) -> &'static str {
                match self { $(Slot::$variant => $name),+ }
            }
        }
    };
}

slots! {
    Jalan => "jalan", Rt => "rt", Rw => "rw", Desa => "desa", Kel => "kel",
    Kecamatan => "kecamatan", Kota => "kota", Daerah => "daerah", Provinsi => "provinsi",
    Pasar => "pasar", Puskesmas => "puskesmas", Rsud => "rsud", Rs => "rs", Sd => "sd",
    Smp => "smp", Sma => "sma", Sekolah => "sekolah", Kampus => "kampus", Masjid => "masjid",
    Perusahaan => "perusahaan", Inisial => "inisial", Anak => "anak", Warga => "warga",
    RpKecil => "rp_kecil", Rp => "rp", RpBesar => "rp_besar", N => "n", Nomor => "nomor",
    Umur => "umur", Lama => "lama", Hari => "hari", Tanggal => "tanggal", TanggalDepan => "tanggal_depan",
    Bulan => "bulan", Tahun => "tahun", Jam => "jam", Nik => "nik", Kk => "kk", Bpjs => "bpjs",
    Pelanggan => "pelanggan", Rekening => "rekening", Instansi => "instansi", Unit => "unit",
    Bank => "bank", Operator => "operator", Komoditas => "komoditas", Tanaman => "tanaman",
    Negara => "negara", KotaLuar => "kota_luar",
}

/// Where a report is about: a kabupaten or kota of the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Full name, `Kabupaten Bogor` or `Kota Surabaya`.
    pub region_name: String,
    /// The name without `Kabupaten `/`Kota `.
    pub short_name: String,
    /// The province's name.
    pub province_name: String,
    /// A kota has kelurahan; a kabupaten mostly desa.
    pub is_kota: bool,
    /// Real district names known to the directory for this region (may be empty).
    pub kecamatan: Vec<String>,
}

/// The context a report's texts are rendered in.
pub struct Ctx<'a> {
    /// The report's random source, which the whole simulation of the report draws from.
    pub rng: SmallRng,
    pub(super) words: &'a Words,
    pub(super) place: &'a Place,
    /// The local date the text is written on.
    pub today: NaiveDate,
    /// The agency's display name.
    pub instansi: String,
    /// The holding unit's display name (the agency's when none).
    pub unit: String,
    pub(super) values: Vec<Option<String>>,
}

impl<'a> Ctx<'a> {
    /// A fresh context: no detail invented yet.
    pub fn new(rng: SmallRng, words: &'a Words, place: &'a Place, today: NaiveDate) -> Self {
        Self {
            rng,
            words,
            place,
            today,
            instansi: String::new(),
            unit: String::new(),
            values: vec![None; Slot::ALL.len()],
        }
    }

    /// A uniform index below `n` (n > 0).
    pub fn pick(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            self.rng.random_range(0..n)
        }
    }

    /// Forgets the details whose value depends on the day of writing.
    pub fn forget_dates(&mut self) {
        for s in [
            Slot::Tanggal,
            Slot::TanggalDepan,
            Slot::Bulan,
            Slot::Hari,
            Slot::Jam,
        ] {
            self.values[s as usize] = None;
        }
    }

    /// The value of `slot`, invented on first use.
    pub fn get(&mut self, slot: Slot) -> &str {
        let i = slot as usize;
        if self.values[i].is_none() {
            let v = match slot {
                Slot::Instansi => self.instansi.clone(),
                Slot::Unit => self.unit.clone(),
                _ => self.invent(slot),
            };
            self.values[i] = Some(v);
        }
        self.values[i].as_deref().unwrap_or_default()
    }
}
