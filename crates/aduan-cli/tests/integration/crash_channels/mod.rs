//! Crash durability on every channel: clients file reports at once through the API, the
//! portal's form, a partner, an X mention, e-mail (`aduan ingest-email`) and SMS through a
//! real Kannel, and a staff member writes notes, while `aduan serve` is killed with SIGKILL at
//! random moments and restarted on the same port (an e-mail being taken in is killed with it).
//! A client that got no answer sends the same request again, with the same deduplication key,
//! as its gateway or app would. Afterwards every acknowledged report and note is in the
//! database once, with its events and its receipt, no repeat filed anything twice, and the
//! hash chains verify. `ADUAN_CRASH_KILLS` sets the number of kills (`scripts/crash-soak`
//! runs many).

mod drivers;
mod http;
mod ledger;
mod rig;

use drivers::{Ctx, Outcome};
use ledger::{Item, Ledger};
use rand::Rng;
use rig::{SMS_SECRET, Server, X_SECRET, login, prepare, settings};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a client keeps sending the same request while the server is down.
const PATIENCE: Duration = Duration::from_secs(60);

/// Sends with `send` until answered, again and again while the server is down when `repeat`
/// (at most [`PATIENCE`]); the attempts and the last outcome.
fn until_answered(repeat: bool, send: impl Fn() -> Outcome) -> (u32, Outcome) {
    let (mut attempts, first) = (0, Instant::now());
    loop {
        attempts += 1;
        match send() {
            Outcome::Lost if repeat && first.elapsed() < PATIENCE => {
                std::thread::sleep(Duration::from_millis(100));
            }
            other => return (attempts, other),
        }
    }
}

/// Sends the channel's items one after the other until `stop`; an item without an answer is
/// sent again (the same request) until it is answered or [`PATIENCE`] runs out, unless the
/// gateway does that itself (`repeat` false: smsbox retries, the phone sends once).
fn client(
    channel: &'static str,
    repeat: bool,
    stop: &AtomicBool,
    ledger: &Ledger,
    send: impl Fn(&str, usize) -> Outcome,
) {
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        let marker = format!("uji{channel}{n}k");
        let (attempts, outcome) = until_answered(repeat, || send(&marker, n));
        ledger.push(Item {
            channel,
            marker,
            attempts,
            outcome,
            on: None,
        });
        n += 1;
    }
}

/// Notes on reports the API acknowledged, each at the version read just before.
fn note_taker(ctx: &Ctx, stop: &AtomicBool, ledger: &Ledger) {
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        let Some(id) = ledger.api_reports().get(n).cloned() else {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let Some(version) = drivers::version(ctx, &id) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let marker = format!("ujinote{n}k");
        let (attempts, outcome) =
            until_answered(true, || drivers::note(ctx, &id, version, &marker));
        ledger.push(Item {
            channel: "note",
            marker,
            attempts,
            outcome,
            on: Some(id),
        });
        n += 1;
    }
}

/// Runs every client while the server is killed `kills` times; what they sent.
fn run_with_kills(db_url: &str, dir: &Path, kills: usize) -> Vec<Item> {
    let config = settings(dir);
    let data = dir.join("data");
    let partner_key = prepare(db_url, &config, &data);
    let addr = format!("127.0.0.1:{}", aduan_testkit::kannel::free_port());
    let mut server = Server {
        db_url: db_url.to_owned(),
        config: config.clone(),
        data: data.clone(),
        addr: addr.clone(),
        child: None,
        log: dir.join("serve.log"),
    };
    // smsbox as shipped: a request Aduan did not answer is retried three times, 5 s apart.
    let kannel = aduan_testkit::kannel::kannel_available("crash_channels").then(|| {
        aduan_testkit::kannel::Kannel::start_with_retry_delay(
            &format!("http://{addr}"),
            SMS_SECRET,
            5,
        )
    });
    server.start();
    let ctx = Arc::new(Ctx {
        staff_token: login(&addr),
        addr,
        db_url: db_url.to_owned(),
        config,
        data_dir: data,
        partner_key,
        x_secret: X_SECRET.to_owned(),
    });
    let (stop, gone, ledger) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
        Arc::new(Ledger::default()),
    );
    let kannel = kannel.map(Arc::new);
    std::thread::scope(|s| {
        let spawn = |channel: &'static str, send: fn(&Ctx, &str, usize, &AtomicBool) -> Outcome| {
            let (ctx, stop, gone, ledger) =
                (ctx.clone(), stop.clone(), gone.clone(), ledger.clone());
            s.spawn(move || {
                client(channel, true, &stop, &ledger, |m, n| {
                    send(&ctx, m, n, &gone)
                })
            })
        };
        spawn("api", |c, m, n, _| drivers::api(c, m, n));
        spawn("portal", |c, m, n, _| drivers::portal(c, m, n));
        spawn("mitra", |c, m, n, _| drivers::partner(c, m, n));
        spawn("x", |c, m, n, _| drivers::x(c, m, n));
        spawn("surel", |c, m, _, gone| drivers::email(c, m, gone));
        if let Some(kannel) = &kannel {
            let (kannel, stop, ledger) = (kannel.clone(), stop.clone(), ledger.clone());
            s.spawn(move || {
                client("sms", false, &stop, &ledger, |m, n| {
                    drivers::sms(&kannel, m, n, Duration::from_secs(40))
                })
            });
        }
        {
            let (ctx, stop, ledger) = (ctx.clone(), stop.clone(), ledger.clone());
            s.spawn(move || note_taker(&ctx, &stop, &ledger));
        }
        let mut rng = rand::rng();
        for _ in 0..kills {
            std::thread::sleep(Duration::from_millis(rng.random_range(300..2500)));
            gone.store(true, Ordering::SeqCst);
            server.kill();
            server.start();
            gone.store(false, Ordering::SeqCst);
        }
        // The clients go on a moment with the server up, then finish what they sent.
        std::thread::sleep(Duration::from_secs(2));
        stop.store(true, Ordering::SeqCst);
    });
    server.kill();
    drop(kannel);
    ledger.items()
}

fn kills() -> usize {
    std::env::var("ADUAN_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

async fn check(store: &dyn aduan_store::Store, items: &[Item], kills: usize) {
    eprintln!("{}", ledger::summary(items, kills));
    let mut channels = vec!["api", "portal", "mitra", "x", "surel", "note"];
    if items.iter().any(|i| i.channel == "sms") {
        channels.push("sms"); // Kannel ran
    }
    for channel in channels {
        assert!(
            items
                .iter()
                .any(|i| i.channel == channel && matches!(i.outcome, Outcome::Acked { .. })),
            "no {channel} item was acknowledged: the client does not work"
        );
    }
    ledger::check(store, items).await;
}

#[tokio::test]
async fn a_server_killed_again_and_again_keeps_what_every_channel_acknowledged_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let (run_url, path) = (url.clone(), dir.path().to_owned());
    let kills = kills();
    let items = tokio::task::spawn_blocking(move || run_with_kills(&run_url, &path, kills))
        .await
        .unwrap();
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    check(&store, &items, kills).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn a_server_killed_again_and_again_keeps_what_every_channel_acknowledged_on_postgres() {
    let db = aduan_store_pg::testing::TestDatabase::create().await;
    let dir = tempfile::tempdir().unwrap();
    let (run_url, path) = (db.url.clone(), dir.path().to_owned());
    let kills = kills();
    let items = tokio::task::spawn_blocking(move || run_with_kills(&run_url, &path, kills))
        .await
        .unwrap();
    let store = db.store().await;
    check(&store, &items, kills).await;
}
