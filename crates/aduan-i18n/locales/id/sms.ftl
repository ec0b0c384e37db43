# SMS ke nomor layanan (lewat Kannel): jawaban atas SMS masuk dan pemberitahuan keluar.
# Setiap teks harus muat dalam satu SMS GSM-7 (160 karakter): tanpa tanda pisah panjang,
# tanda kutip lengkung atau emoji.

sms-received = Laporan Anda kami terima. Nomor laporan: {$id}. Kode akses: {$code} (rahasiakan). Cek: CEK {$id}. Lapor tanpa identitas: ANONIM <isi>
sms-received-anonymous = Laporan anonim Anda kami terima. Nomor laporan: {$id}. Kode akses: {$code} (rahasiakan). Nomor Anda tidak ditampilkan ke instansi.
sms-received-again = Laporan Anda sudah kami terima dengan nomor {$id}. Cek status: CEK {$id}
sms-status = Laporan {$id}: {$status}.
sms-status-updated = Diperbarui {$date}.
sms-status-due = Batas waktu berikutnya {$date}.
sms-not-found = Laporan {$id} tidak ditemukan. Periksa kembali nomor laporan Anda.
sms-not-yours = Nomor Anda tidak tercatat pada laporan {$id}, jadi pesan ini tidak dapat kami proses.
sms-reply-empty = Tulis tanggapan Anda setelah nomor laporan: BALAS {$id} <tanggapan>
sms-reply-sent = Tanggapan Anda untuk laporan {$id} sudah kami teruskan. Terima kasih.
sms-reply-not-now = Laporan {$id} berstatus {$status}, jadi belum dapat ditanggapi.
sms-withdrawn = Laporan {$id} sudah Anda batalkan.
sms-withdraw-not-now = Laporan {$id} tidak dapat dibatalkan karena berstatus {$status}.
sms-rated-resolved = Terima kasih. Nilai {$stars}/5 untuk laporan {$id} kami catat: masalah selesai. Bila belum selesai: TIDAKPUAS {$id} <1-5>
sms-rated-unresolved = Terima kasih. Nilai {$stars}/5 untuk laporan {$id} kami catat: masalah belum selesai. Minta dibuka kembali: BUKA {$id} <alasan>
sms-confirmed = Terima kasih, penyelesaian laporan {$id} sudah Anda konfirmasi. Beri nilai: PUAS {$id} <1-5>
sms-reopened = Laporan {$id} dibuka kembali dan dikembalikan ke instansi untuk ditindaklanjuti.
sms-appealed = Banding Anda atas laporan {$id} kami terima. Laporan akan diverifikasi ulang.
sms-escalated = Laporan {$id} kini diteruskan ke Ombudsman RI untuk diawasi. Cek perkembangannya: CEK {$id}
sms-action-not-now = Laporan {$id} berstatus {$status}, jadi permintaan ini tidak dapat diproses.
sms-window-closed = Batas waktu untuk { $action ->
    [appeal] mengajukan banding atas
   *[other] membuka kembali
} laporan {$id} sudah berakhir.
sms-already-used = { $action ->
    [appeal] Banding atas laporan {$id} sudah pernah diajukan; banding hanya dapat diajukan sekali.
    [escalate] Laporan {$id} sudah diteruskan ke Ombudsman RI.
   *[other] Laporan {$id} sudah pernah dibuka kembali; pembukaan kembali hanya sekali.
}
sms-ombudsman-not-due = Laporan {$id} belum melewati batas waktu penyelesaian, jadi belum dapat dibawa ke Ombudsman. Cek batas waktunya: CEK {$id}
sms-bad-rating = Nilai harus angka 1 sampai 5, misalnya: {$word} {$id} 4
sms-reason-missing = Tulis alasannya setelah nomor laporan: {$word} {$id} <alasan>
sms-needs-id = Tulis nomor laporan setelah {$word}, misalnya: { $form ->
    [rating] {$word} <nomor> <1-5>
    [reason] {$word} <nomor> <alasan>
   *[other] {$word} <nomor>
}
sms-help = Kirim laporan dalam satu SMS; tanpa identitas: ANONIM <isi>. Perintah + nomor laporan: CEK, BALAS <isi>, BATAL, PUAS/TIDAKPUAS <1-5>, BUKA, BANDING, OMBUDSMAN
sms-rate-limited = Terlalu banyak SMS dari nomor Anda. Silakan kirim lagi setelah {$minutes} menit.
sms-too-long = Pesan Anda terlalu panjang. Ringkas laporan Anda lalu kirim kembali.
sms-not-filed = Maaf, laporan Anda belum dapat kami proses. Silakan coba lagi nanti.

sms-out-report_received = Laporan Anda kami terima. Nomor laporan: {$id}. Kode akses: {$code} (jangan dibagikan). Cek status: CEK {$id}
sms-out-access_code = Kode akses laporan {$id}: {$code}. Jangan bagikan kode ini kepada siapa pun.
sms-out-access_recovery = Kode akses baru laporan {$id}: {$code}. Kode yang lama tidak berlaku lagi.
sms-out-password_reset = Atur ulang kata sandi Aduan Anda di {$link} Abaikan SMS ini jika Anda tidak memintanya.
sms-out-report_dispatched = Laporan {$id} sudah diverifikasi dan diteruskan ke instansi yang berwenang.
sms-out-report_postponed = Laporan {$id} ditunda karena informasinya belum lengkap. Cek status: CEK {$id}
sms-out-report_archived = Laporan {$id} diarsipkan. Cek status: CEK {$id}. Ajukan banding: BANDING {$id} <alasan>
sms-out-report_deleted = Laporan {$id} dihapus. Cek status: CEK {$id}
sms-out-follow_up_posted = Instansi menindaklanjuti laporan {$id}. Tanggapi: BALAS {$id} <isi>
sms-out-report_completed = Instansi menyatakan laporan {$id} selesai. Puas: PUAS {$id} <1-5>. Belum: TIDAKPUAS {$id} <1-5> atau BUKA {$id} <alasan>
sms-out-report_auto_closed = Laporan {$id} ditutup otomatis karena tidak ada tanggapan. Nilai: PUAS {$id} <1-5>. Belum selesai: BUKA {$id} <alasan>
sms-out-ombudsman_update = Ada kabar baru dari Ombudsman tentang laporan {$id}. Cek status: CEK {$id}
sms-out-identity_revealed = Identitas Anda pada laporan {$id} telah dibuka kepada petugas atas persetujuan dua pejabat. Alasan: {$reason}
sms-out-reveal_requested = Permintaan pembukaan identitas pelapor laporan {$id} menunggu keputusan Anda di kantor Aduan.
sms-out-reply_received = Pelapor menanggapi laporan {$id}.
sms-out-report_escalated = Laporan {$id} dieskalasi karena melewati batas waktu.
sms-out-deadline_reminder = Pengingat: batas waktu laporan {$id} jatuh pada {$due}.
sms-out-report_assigned = Laporan {$id} didisposisikan kepada Anda. Batas waktu mulai berjalan.
sms-out-information_requested = Ombudsman meminta keterangan tentang laporan {$id}.
sms-out-generic = Ada kabar baru tentang laporan {$id}. Cek status: CEK {$id}
sms-data = Data Anda pada laporan {$id}: nama {$name}, surel {$email}, telepon {$phone}, NIK {$nik}. Kirim HAPUS {$id} YA untuk menghapus identitas Anda dari laporan ini; laporan tetap ditangani.
sms-data-empty = (tidak ada)
sms-data-none = Identitas Anda pada laporan {$id} sudah dihapus; kami tidak menyimpan nama, surel, telepon, atau NIK Anda lagi.
sms-erased = Identitas Anda pada laporan {$id} sudah dihapus. Laporan tetap ditangani tanpa nama Anda, dan kami tidak lagi mengirim kabar laporan ini ke nomor ini.
sms-erase-confirm = Kirim HAPUS {$id} YA untuk menghapus nama, surel, nomor, dan NIK Anda dari laporan {$id}. Ini tidak bisa dibatalkan, dan kami tidak lagi bisa mengirim kabar laporan ini ke nomor Anda.
sms-erase-account = Laporan {$id} terhubung dengan akun Anda: hapus identitas Anda dari halaman akun di situs.
sms-out-account_confirm = Aktifkan akun Aduan Anda di {$link} (berlaku 24 jam, sekali pakai). Abaikan SMS ini jika Anda tidak mendaftar.
sms-out-account_exists = Nomor ini sudah memiliki akun Aduan; tidak ada akun baru yang dibuat. Lupa kata sandi? Buka {$link}
