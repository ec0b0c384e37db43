second-factor-title = Verifikasi dua langkah
second-factor-lead = Setelah aktif, setiap kali masuk Anda diminta kode 6 angka dari aplikasi autentikator (misalnya FreeOTP, Aegis, atau Google Authenticator) selain kata sandi. Admin nasional dan penyetuju wajib memakainya untuk meminta atau menyetujui pembukaan identitas pelapor anonim.
second-factor-begin = Aktifkan verifikasi dua langkah
second-factor-scan = Pindai kode QR ini dengan aplikasi autentikator
second-factor-or-type = Atau ketik kunci ini di aplikasi:
second-factor-confirm-label = Kode 6 angka dari aplikasi
second-factor-confirm = Konfirmasi dan aktifkan
second-factor-wrong = Kode salah atau sudah dipakai. Tunggu kode berikutnya lalu coba lagi.
second-factor-codes-title = Kode pemulihan
second-factor-codes-once = Simpan kode ini di tempat aman. Setiap kode hanya berlaku sekali, untuk masuk jika ponsel Anda hilang. Kode ini hanya ditampilkan sekarang.
second-factor-on = Verifikasi dua langkah aktif.
second-factor-codes-left = { $count ->
    [one] Tersisa { $count } kode pemulihan.
   *[other] Tersisa { $count } kode pemulihan.
}
second-factor-relogin = Sesi ini dimulai tanpa kode. Keluar dan masuk lagi dengan kode untuk meminta atau menyetujui pembukaan identitas.
second-factor-renew-label = Kode sekarang (untuk membuat kode pemulihan baru)
second-factor-renew = Buat kode pemulihan baru
second-factor-remove-label = Kode sekarang (untuk mematikan)
second-factor-remove = Matikan verifikasi dua langkah
second-factor-nav = Verifikasi dua langkah
