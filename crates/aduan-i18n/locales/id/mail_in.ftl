# Masuknya surel (`aduan ingest-email`): teks yang disisipkan ke laporan atau tanggapan
# yang datang lewat surel.

# Pengganti nama, alamat surel, nomor telepon, atau NIK pelapor dalam tanggapan lewat surel,
# sebelum instansi membacanya (ditulis di antara kurung siku: [identitas dihapus]).
mail-in-identity-removed = identitas dihapus
# Isi tanggapan atau laporan ketika surelnya hanya berisi lampiran.
mail-in-files-only = (Pelapor mengirim lampiran tanpa teks.)
# Ditambahkan di akhir isi surel yang terlalu panjang dan dipotong.
mail-in-text-cut = (teks dipotong karena surel terlalu panjang)
