#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aduan_fuzz::multipart(data));
