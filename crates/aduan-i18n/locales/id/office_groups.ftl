# Kelompok laporan: masalah berulang dijawab sekali (docs/domain.md, "Recurring problems").
office-groups-title = Kelompok laporan
office-groups-hint = Laporan dengan masalah yang sama di tempat yang sama dapat dikelompokkan dan dijawab sekali. Jawaban kelompok menjadi tindak lanjut pada setiap laporan anggota.
office-groups-empty = Belum ada kelompok laporan.
office-group-id = Nomor
office-group-id-is = Nomor kelompok: { $id }
office-group-name = Judul
office-group-agency = Instansi
office-group-members = Anggota
office-group-answered = Sudah dijawab
office-group-answer = Jawaban kelompok
office-group-no-answer = Belum dijawab
office-group-report = Laporan
office-group-status = Status
office-group-unlink = Keluarkan dari kelompok
office-group-link-label = Tambahkan laporan (nomor pelacakan)
office-group-link = Tambahkan
office-group-answer-title = Jawab semua laporan dalam kelompok
office-group-answer-hint = Jawaban dikirim sebagai tindak lanjut pada setiap laporan anggota, satu per satu menurut aturan alur laporan. Laporan yang menolaknya dicantumkan beserta alasannya.
office-group-answer-label = Jawaban
office-group-answer-send = Kirim jawaban ke semua anggota
office-group-answered-count = { $count ->
    [one] Jawaban diberikan pada 1 laporan.
   *[other] Jawaban diberikan pada { $count } laporan.
}
office-group-refused-count = { $count ->
    [one] 1 laporan menolak jawaban
   *[other] { $count } laporan menolak jawaban
}
office-group-public-page = Halaman publik
office-group-agency-mismatch = Laporan itu tidak ditangani oleh instansi kelompok ini. Satu kelompok hanya berisi laporan dari satu instansi.
office-group-already-grouped = Laporan itu sudah ada dalam kelompok lain.
office-group-not-held = Laporan itu belum diteruskan ke instansi mana pun.
office-group-title-required = Beri kelompok judul (paling banyak 200 karakter) dan pilih setidaknya satu laporan.
office-group-back = Kembali ke laporan
review-similar-title = Laporan serupa
review-similar-none = Tidak ada laporan serupa di kabupaten/kota yang sama.
review-similar-hint = Laporan di kabupaten/kota yang sama dengan kata-kata yang mirip. Centang laporan yang membahas masalah yang sama untuk mengelompokkannya.
review-similar-choose = Pilih
review-similar-score = Kemiripan
review-similar-group = Kelompok
review-in-group = Laporan ini ada dalam kelompok
review-group-title-label = Judul kelompok
review-group-create = Kelompokkan laporan yang dipilih
office-group-already-count = { $count ->
    [one] 1 laporan sudah memuat jawaban ini; tidak dikirim dua kali.
   *[other] { $count } laporan sudah memuat jawaban ini; tidak dikirim dua kali.
}
office-group-unseen-count = { $count ->
    [one] 1 laporan dalam kelompok tidak dapat Anda lihat dan tidak diubah.
   *[other] { $count } laporan dalam kelompok tidak dapat Anda lihat dan tidak diubah.
}
review-group-title-hint = Judul kelompok tampil di halaman publik kelompok: jangan memuat nama, nomor, atau isi laporan rahasia.
