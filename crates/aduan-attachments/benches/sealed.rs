//! Attachment files sealed at rest, measured: the throughput of storing and reading blobs
//! through [`SealedBlobStore`] (XChaCha20-Poly1305 in 64 KiB chunks) against the same file
//! store without it, on one core, each twice in turn. `cargo bench -p aduan-attachments --bench sealed` writes 32
//! blobs of 8 MiB (`--blobs N`, `--mib M`); `cargo test` runs it small, as a smoke test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a bench

use aduan_attachments::{BlobBody, BlobKey, BlobSealKey, BlobStore, FsBlobStore, SealedBlobStore};
use bytes::Bytes;
use futures_util::StreamExt;
use rand::RngCore;
use std::sync::Arc;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// One store's figures: writing then reading every blob.
async fn measure(store: &dyn BlobStore, blobs: &[(BlobKey, Bytes)]) -> (Duration, Duration) {
    let start = Instant::now();
    for (key, bytes) in blobs {
        store
            .put(key, BlobBody::Bytes(bytes.clone()))
            .await
            .unwrap();
    }
    let wrote = start.elapsed();
    let start = Instant::now();
    for (key, bytes) in blobs {
        let mut read = store.get(key).await.unwrap().unwrap();
        let mut size = 0;
        while let Some(chunk) = read.body.next().await {
            size += chunk.unwrap().len();
        }
        assert_eq!(size, bytes.len(), "every byte comes back");
    }
    (wrote, start.elapsed())
}

fn rate(bytes: u64, took: Duration) -> String {
    format!(
        "{:>8.1} MiB/s ({:.2} s)",
        bytes as f64 / 1_048_576.0 / took.as_secs_f64(),
        took.as_secs_f64()
    )
}

async fn run(count: usize, mib: usize) {
    let mut rng = rand::rng();
    let blobs: Vec<(BlobKey, Bytes)> = (0..count)
        .map(|_| {
            let mut bytes = vec![0u8; mib * 1_048_576];
            rng.fill_bytes(&mut bytes);
            (BlobKey::generate(&mut rng), Bytes::from(bytes))
        })
        .collect();
    let total = (count * mib * 1_048_576) as u64;
    let dir = tempfile::tempdir().unwrap();
    let plain = FsBlobStore::new(dir.path().join("plain"));
    let inner: Arc<dyn BlobStore> = Arc::new(FsBlobStore::new(dir.path().join("sealed")));
    let mut key = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(key.as_mut());
    let seal = BlobSealKey::new("0badc0de".into(), key).unwrap();
    let sealed = SealedBlobStore::new(inner, vec![seal]).unwrap();
    println!(
        "{count} blobs of {mib} MiB ({} MiB), files in {}",
        total / 1_048_576,
        dir.path().display()
    );
    println!("{:<8} {:<28} {:<28}", "store", "write", "read");
    // Twice each, alternating, so that neither gets the first write's cold directory alone.
    let stores = [("plain", &plain as &dyn BlobStore), ("sealed", &sealed)];
    for (name, store) in stores.iter().chain(stores.iter()) {
        let (wrote, read) = measure(*store, &blobs).await;
        println!(
            "{name:<8} {:<28} {:<28}",
            rate(total, wrote),
            rate(total, read)
        );
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let bench = argv.iter().any(|a| a == "--bench");
    let value = |name: &str, default: usize| {
        argv.iter()
            .position(|a| a == name)
            .and_then(|i| argv.get(i + 1))
            .map_or(default, |v| v.parse().unwrap())
    };
    let (count, mib) = if bench { (32, 8) } else { (2, 1) };
    let (count, mib) = (value("--blobs", count), value("--mib", mib));
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(count, mib));
}
