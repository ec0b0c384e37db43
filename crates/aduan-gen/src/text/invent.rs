//! How each detail is invented: streets, villages, schools, amounts, dates and masked numbers.

use super::slots::{Ctx, Slot};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

impl Ctx<'_> {
    fn one<'w>(&mut self, list: &'w [String]) -> &'w str {
        let i = self.pick(list.len());
        list.get(i).map_or("", String::as_str)
    }

    fn village(&mut self) -> String {
        let w = self.words;
        let head = self.one(&w.village_heads).to_owned();
        let tail = self.one(&w.village_tails);
        format!("{head}{tail}")
    }

    pub(super) fn invent(&mut self, slot: Slot) -> String {
        let w = self.words;
        match slot {
            Slot::Jalan => {
                let name = self.one(&w.streets).to_owned();
                match self.pick(10) {
                    0..=5 => format!("Jl. {name}"),
                    6 | 7 => format!("Jalan {name}"),
                    8 => format!("Gg. {name} {}", self.rng.random_range(1..9)),
                    _ => format!("Jl. {name} {}", ["II", "III", "IV", "Raya"][self.pick(4)]),
                }
            }
            Slot::Rt => format!("{:02}", self.rng.random_range(1..16)),
            Slot::Rw => format!("{:02}", self.rng.random_range(1..12)),
            Slot::Kel => self.village(),
            Slot::Desa => {
                let kel = self.get(Slot::Kel).to_owned();
                let prefix = if self.place.is_kota || self.pick(5) == 0 {
                    "Kelurahan"
                } else {
                    "Desa"
                };
                format!("{prefix} {kel}")
            }
            Slot::Kecamatan => match self.place.kecamatan.len() {
                0 => self.village(),
                n => {
                    let i = self.pick(n);
                    self.place.kecamatan[i].clone()
                }
            },
            Slot::Kota => self.place.region_name.clone(),
            Slot::Daerah => self.place.short_name.clone(),
            Slot::Provinsi => self.place.province_name.clone(),
            Slot::Pasar => {
                let v = if self.pick(2) == 0 {
                    self.get(Slot::Kel).to_owned()
                } else {
                    self.village()
                };
                format!("Pasar {v}")
            }
            Slot::Puskesmas => format!("Puskesmas {}", self.get(Slot::Kecamatan).to_owned()),
            Slot::Rsud => match self.pick(3) {
                0 => format!("RSUD {}", self.place.short_name),
                1 => format!("RSUD {}", self.get(Slot::Kecamatan).to_owned()),
                _ => format!("RSUD dr. {}", self.one(&w.family_names)),
            },
            Slot::Rs => format!("RS {} {}", self.one(&w.org_words), self.one(&w.org_words)),
            Slot::Sd => {
                let n = self.rng.random_range(1..15);
                format!("SDN {n} {}", self.get(Slot::Kel).to_owned())
            }
            Slot::Smp => format!(
                "SMPN {} {}",
                self.rng.random_range(1..40),
                self.place.short_name
            ),
            Slot::Sma => format!(
                "{} {} {}",
                ["SMAN", "SMKN", "SMA Negeri", "SMK Negeri"][self.pick(4)],
                self.rng.random_range(1..20),
                self.place.short_name
            ),
            // The school already named, if any, so a title and its body agree.
            Slot::Sekolah => {
                let named = [Slot::Sd, Slot::Smp, Slot::Sma]
                    .into_iter()
                    .find(|s| self.values[*s as usize].is_some());
                let s = named.unwrap_or([Slot::Sd, Slot::Smp, Slot::Sma][self.pick(3)]);
                self.get(s).to_owned()
            }
            Slot::Kampus => format!(
                "Universitas {} {}",
                self.one(&w.org_words),
                self.one(&w.org_words)
            ),
            Slot::Masjid => format!(
                "Masjid {}",
                [
                    "Al-Ikhlas",
                    "Al-Hidayah",
                    "Baiturrahman",
                    "Nurul Iman",
                    "At-Taqwa",
                    "Al-Falah"
                ][self.pick(6)]
            ),
            Slot::Perusahaan => format!(
                "PT {} {} {}",
                self.one(&w.org_words),
                self.one(&w.org_words),
                ["Abadi", "Perkasa", "Indonesia", "Lestari", "Mandiri"][self.pick(5)]
            ),
            Slot::Inisial => {
                let a = char::from(b'A' + self.rng.random_range(0..26u8));
                let b = char::from(b'A' + self.rng.random_range(0..26u8));
                format!("{a}{b}")
            }
            Slot::Anak => {
                let list = if self.pick(2) == 0 {
                    &w.given_male
                } else {
                    &w.given_female
                };
                self.one(list).to_owned()
            }
            Slot::Warga => {
                if self.pick(2) == 0 {
                    format!("Pak {}", self.one(&w.given_male))
                } else {
                    format!("Bu {}", self.one(&w.given_female))
                }
            }
            Slot::RpKecil => rupiah(self, 10, 300, 5_000),
            Slot::Rp => rupiah(self, 10, 400, 25_000),
            Slot::RpBesar => rupiah(self, 4, 200, 500_000),
            Slot::N => self.rng.random_range(2..10).to_string(),
            Slot::Nomor => self.rng.random_range(1..41).to_string(),
            Slot::Umur => self.rng.random_range(6..17).to_string(),
            Slot::Lama => {
                let n = self.rng.random_range(2..12);
                match self.pick(6) {
                    0 => format!("{n} minggu"),
                    1 => "hampir setahun".into(),
                    2 => "lebih dari setahun".into(),
                    _ => format!("{n} bulan"),
                }
            }
            Slot::Hari => format!("{} hari", self.rng.random_range(3..30)),
            Slot::Tanggal => {
                let d = self.today - Duration::days(self.rng.random_range(1..60));
                date_text(self, d)
            }
            Slot::TanggalDepan => {
                let d = self.today + Duration::days(self.rng.random_range(3..30));
                date_text(self, d)
            }
            Slot::Bulan => {
                let back = self.rng.random_range(0..3);
                let m = (self.today.month0() as usize + 12 - back) % 12;
                MONTHS[m].to_owned()
            }
            Slot::Tahun => self.today.year().to_string(),
            Slot::Jam => format!(
                "pukul {:02}.{:02}",
                self.rng.random_range(6..22),
                [0, 15, 30, 45][self.pick(4)]
            ),
            // Identification numbers are always masked: only a few digits show, so no text
            // ever carries a whole, real-looking number.
            Slot::Nik => masked(self, 2, 16, 4),
            Slot::Kk => masked(self, 4, 16, 3),
            Slot::Bpjs => masked(self, 3, 13, 4),
            Slot::Pelanggan => masked(self, 2, 12, 3),
            Slot::Rekening => masked(self, 0, 10, 4),
            Slot::Bank => self.one(&w.banks).to_owned(),
            Slot::Operator => self.one(&w.operators).to_owned(),
            Slot::Komoditas => self.one(&w.commodities).to_owned(),
            Slot::Tanaman => self.one(&w.crops).to_owned(),
            Slot::Negara | Slot::KotaLuar => {
                let i = self.pick(w.abroad.len());
                let (country, city) = w
                    .abroad
                    .get(i)
                    .map_or(("Malaysia", "Kuala Lumpur"), |p| (&p[0], &p[1]));
                self.values[Slot::Negara as usize] = Some(country.to_owned());
                self.values[Slot::KotaLuar as usize] = Some(city.to_owned());
                if slot == Slot::Negara {
                    country.to_owned()
                } else {
                    city.to_owned()
                }
            }
            Slot::Instansi | Slot::Unit => String::new(),
        }
    }
}

/// An amount in rupiah, a random multiple of `step` between `lo` and `hi` steps, written in
/// one of the ways people write amounts.
fn rupiah(ctx: &mut Ctx<'_>, lo: u64, hi: u64, step: u64) -> String {
    let amount = ctx.rng.random_range(lo..=hi) * step;
    match ctx.pick(4) {
        0 if amount.is_multiple_of(1_000_000) => format!("{} juta", amount / 1_000_000),
        0 | 1 if amount.is_multiple_of(1_000) && amount < 1_000_000 => {
            format!("{}rb", amount / 1_000)
        }
        _ => format!("Rp{}", thousands(amount)),
    }
}

/// `1234567` as `1.234.567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn date_text(ctx: &mut Ctx<'_>, d: NaiveDate) -> String {
    match ctx.pick(3) {
        0 => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        _ => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A number of `len` characters showing `head` leading and `tail` trailing digits, the rest
/// masked with `x`.
fn masked(ctx: &mut Ctx<'_>, head: usize, len: usize, tail: usize) -> String {
    let mut s = String::with_capacity(len);
    for i in 0..len {
        if i < head || i >= len - tail {
            s.push(char::from(b'0' + ctx.rng.random_range(0..10u8)));
        } else {
            s.push('x');
        }
    }
    s
}
