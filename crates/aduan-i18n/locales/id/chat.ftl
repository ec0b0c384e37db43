# Percakapan lewat Telegram, WhatsApp dan X (pesan langsung): jawaban atas pesan masuk dan
# pemberitahuan perkembangan laporan. Perintah sama dengan SMS.

chat-menu = Selamat datang di layanan pengaduan Aduan.
    Ketik LAPOR untuk membuat laporan baru.
    CEK <nomor>: status laporan. CEK saja: laporan Anda.
    BALAS <nomor> <isi>: menanggapi instansi.
    PUAS/TIDAKPUAS <nomor> <1-5>, BUKA <nomor> <alasan>, BANDING <nomor> <alasan>, OMBUDSMAN <nomor>, BATAL <nomor>.
    DATA <nomor>: data Anda pada laporan. HAPUS <nomor>: hapus identitas Anda dari laporan.
    ENGLISH: switch to English.
chat-language-set = Baik, kita lanjutkan dalam Bahasa Indonesia.
chat-ask-title = Laporan baru. Tulis judul singkat laporan Anda (paling banyak 150 karakter).
    Ketik BATAL kapan saja untuk membatalkan.
chat-title-too-long = Judul terlalu panjang ({$length} karakter). Tulis judul paling banyak 150 karakter.
chat-ask-body = Ceritakan kejadiannya: apa yang terjadi, di mana, kapan, dan siapa yang terlibat.
chat-body-too-long = Cerita terlalu panjang ({$length} karakter, paling banyak 10.000). Ringkas lalu kirim kembali.
chat-ask-media = Kirim foto atau dokumen pendukung bila ada (paling banyak {$max}). Ketik LEWATI bila tidak ada, atau SELESAI setelah semuanya terkirim.
chat-media-added = Lampiran ke-{$count} kami terima. Kirim lagi, atau ketik SELESAI.
chat-media-full = Sudah {$max} lampiran; lampiran berikutnya tidak kami simpan. Ketik SELESAI untuk lanjut.
chat-ask-location = Di mana kejadiannya? Bagikan lokasi dari aplikasi Anda atau tulis nama tempat dan alamatnya. Ketik LEWATI bila tidak ingin menyebutkan.
chat-ask-identity = Kirim laporan ini dengan nama Anda atau anonim?
    1 = dengan nama (instansi melihat nama dan akun {$network} Anda)
    2 = anonim (identitas dan akun {$network} Anda tidak diketahui instansi)
chat-ask-identity-again = Balas 1 untuk dengan nama, atau 2 untuk anonim.
chat-ask-name = Tulis nama lengkap Anda.
chat-summary = Periksa laporan Anda:
    Judul: {$title}
    Isi: {$body}
    Lampiran: {$media}
    Lokasi: {$location}
    Identitas: { $anonymous ->
        [yes] anonim
       *[no] {$name}
    }
    Ketik KIRIM untuk mengirim, atau BATAL untuk membatalkan.
chat-summary-none = (tidak ada)
chat-ask-confirm = Ketik KIRIM untuk mengirim laporan, atau BATAL untuk membatalkan.
chat-draft-cancelled = Laporan yang sedang Anda tulis dibatalkan. Ketik LAPOR untuk memulai lagi.
chat-draft-lapsed = Laporan yang sedang Anda tulis kami batalkan karena tidak ada balasan selama {$minutes} menit. Ketik LAPOR untuk memulai lagi.
chat-unsupported = Maaf, pesan jenis ini ({$kind}) belum dapat kami proses. Kirim teks, foto, dokumen atau lokasi.
chat-not-now = Pesan ini tidak kami perlukan sekarang. {$next}
chat-filed = Laporan Anda kami terima. Nomor laporan: {$id}.
    Kode akses: {$code} (rahasiakan; untuk melihat laporan di situs).
    Kami kabari perkembangannya di sini. Cek status: CEK {$id}
chat-filed-anonymous = Laporan anonim Anda kami terima. Nomor laporan: {$id}.
    Kode akses: {$code} (rahasiakan).
    Identitas dan akun Anda tidak diketahui instansi. Kami kabari perkembangannya di sini. Cek status: CEK {$id}
chat-filed-again = Laporan Anda sudah kami terima dengan nomor {$id}. Cek status: CEK {$id}
chat-filed-photo = Foto di atas adalah salinan yang dilihat instansi: data lokasi dan kamera sudah dihapus.
chat-media-lost = {$count} lampiran tidak dapat kami ambil dari {$network}; kirim ulang lewat situs dengan kode akses Anda.
chat-not-filed = Maaf, laporan Anda belum dapat kami proses: {$reason}. Ketik KIRIM untuk mencoba lagi.
chat-not-filed-later = Maaf, laporan Anda belum dapat kami proses sekarang. Ketik KIRIM untuk mencoba lagi nanti.
chat-public-filed = Terima kasih, aduan Anda tercatat dengan nomor {$id}. Ikuti perkembangannya: {$link}
chat-not-yours = Laporan {$id} tidak dikirim dari akun ini, jadi pesan ini tidak dapat kami proses.
chat-my-reports = Laporan Anda:
chat-my-reports-none = Belum ada laporan dari akun ini. Ketik LAPOR untuk membuat laporan.
chat-rate-limited = Terlalu banyak pesan dari akun Anda. Silakan kirim lagi setelah {$minutes} menit.

chat-out-report_dispatched = Laporan {$id} sudah diverifikasi dan diteruskan ke {$agency}.
chat-out-report_postponed = Laporan {$id} ditunda karena informasinya belum lengkap. Cek status: CEK {$id}
chat-out-report_archived = Laporan {$id} diarsipkan. Ajukan banding: BANDING {$id} <alasan>
chat-out-report_deleted = Laporan {$id} dihapus. Cek status: CEK {$id}
chat-out-follow_up_posted = {$agency} menindaklanjuti laporan {$id}:
    {$text}
    Tanggapi dengan membalas pesan ini, atau: BALAS {$id} <isi>
chat-out-report_completed = {$agency} menyatakan laporan {$id} selesai.
    Puas: PUAS {$id} <1-5>. Belum selesai: TIDAKPUAS {$id} <1-5> atau BUKA {$id} <alasan>
chat-out-report_auto_closed = Laporan {$id} ditutup otomatis karena tidak ada tanggapan. Nilai: PUAS {$id} <1-5>. Belum selesai: BUKA {$id} <alasan>
chat-out-ombudsman_update = Ada kabar baru dari Ombudsman tentang laporan {$id}. Cek status: CEK {$id}
chat-out-identity_revealed = Identitas Anda pada laporan {$id} telah dibuka kepada petugas atas persetujuan dua pejabat. Alasan: {$text}
chat-out-generic = Ada kabar baru tentang laporan {$id}: {$status}. Cek status: CEK {$id}
chat-out-agency-unknown = Instansi
chat-data = Data Anda pada laporan {$id}: nama {$name}, surel {$email}, telepon {$phone}, NIK {$nik}. Kirim HAPUS {$id} YA untuk menghapus identitas Anda dari laporan ini; laporan tetap ditangani.
chat-erase-confirm = Kirim HAPUS {$id} YA untuk menghapus nama, surel, nomor, NIK, dan akun obrolan ini dari laporan {$id}. Ini tidak bisa dibatalkan, dan kami tidak lagi bisa mengirim kabar laporan ini ke sini.
chat-erased = Identitas Anda pada laporan {$id} sudah dihapus. Laporan tetap ditangani tanpa nama Anda, dan kami tidak lagi mengirim kabar laporan ini ke akun ini.
chat-answer-gone = Maaf, jawaban kami atas pesan Anda tidak dapat dikirim. Kirim pesan Anda sekali lagi.
