//! One submission or action through each channel, as its real client sends it: the API with an
//! `Idempotency-Key`, the portal's form with its hidden `idem`, a partner with its `ref`, an X
//! mention with its post id, an e-mail piped into `aduan ingest-email` with its Message-ID, an
//! SMS through Kannel with the gateway's message id, and a staff note with `If-Match`. A repeat
//! sends the very same request: the same deduplication key.

use super::http::{self, Answer};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What a client learnt from one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Taken: the tracking id when the answer names it, and whether it was a replay.
    Acked {
        tracking_id: Option<String>,
        replayed: bool,
    },
    /// The server said it is still busy with the same message (a claim from before a crash):
    /// the gateway would try again later.
    Busy,
    /// No answer: the server died, or was not up yet.
    Lost,
}

/// What every channel needs to reach the server.
pub struct Ctx {
    pub addr: String,
    pub db_url: String,
    pub config: PathBuf,
    pub data_dir: PathBuf,
    pub partner_key: String,
    pub staff_token: String,
    pub x_secret: String,
}

/// The words of a report carrying `marker`, so that it is found in the database afterwards.
pub fn title(marker: &str) -> String {
    format!("Lampu jalan mati {marker} di depan sekolah")
}

fn body(marker: &str) -> String {
    format!("Lampu jalan di depan sekolah mati sejak seminggu, tanda {marker}.")
}

fn acked(answer: &Answer) -> Outcome {
    Outcome::Acked {
        tracking_id: http::field(answer, "tracking_id"),
        replayed: answer.body.contains("\"replayed\":true"),
    }
}

fn web_body(marker: &str, n: usize) -> serde_json::Value {
    serde_json::json!({
        "kind": "complaint",
        "title": title(marker),
        "body": body(marker),
        "location": {"text": "Jl. Diponegoro", "region_code": "35.78"},
        "reporter": {"name": "Warga Uji", "email": format!("warga.{n}@example.com")}
    })
}

/// `POST /api/v1/reports` with `Idempotency-Key: marker`, from the client's own address.
pub fn api(ctx: &Ctx, marker: &str, n: usize) -> Outcome {
    let headers = format!("Idempotency-Key: {marker}\r\nX-Forwarded-For: 10.1.0.1\r\n");
    let body = web_body(marker, n).to_string();
    match http::json(&ctx.addr, "POST", "/api/v1/reports", &headers, &body) {
        Some(a) if a.status == 201 || a.status == 200 => acked(&a),
        Some(a) => panic!("the API answered {}: {}", a.status, a.body),
        None => Outcome::Lost,
    }
}

/// The portal's form (`POST /lapor`, multipart) with its CSRF pair and `idem` = marker.
pub fn portal(ctx: &Ctx, marker: &str, n: usize) -> Outcome {
    const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";
    let fields = [
        ("csrf", CSRF.to_owned()),
        ("idem", marker.to_owned()),
        ("kind", "complaint".to_owned()),
        ("title", title(marker)),
        ("body", body(marker)),
        ("location_text", "Jl. Darmo".to_owned()),
        ("name", "Warga Portal".to_owned()),
        ("email", format!("portal.{n}@example.com")),
    ];
    let mut form = String::new();
    for (name, value) in fields {
        form.push_str(&format!(
            "--uji\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    form.push_str("--uji--\r\n");
    let headers = format!(
        "Content-Type: multipart/form-data; boundary=uji\r\nCookie: aduan_csrf={CSRF}\r\n\
         X-Forwarded-For: 10.2.0.1\r\n"
    );
    match http::send(&ctx.addr, "POST", "/lapor", &headers, form.as_bytes()) {
        Some(a) if a.status == 201 || a.status == 200 => {
            let id = a
                .body
                .split_once("id=\"tracking-id\">")
                .and_then(|(_, rest)| rest.split('<').next())
                .map(str::to_owned);
            assert!(id.is_some(), "no tracking id on the confirmation page");
            Outcome::Acked {
                tracking_id: id,
                replayed: a.status == 200,
            }
        }
        Some(a) => panic!("the portal answered {}: {}", a.status, a.body),
        None => Outcome::Lost,
    }
}

/// `POST /api/v1/partner/reports` with the partner's key and `ref` = marker.
pub fn partner(ctx: &Ctx, marker: &str, n: usize) -> Outcome {
    let mut body = web_body(marker, n);
    body["ref"] = marker.into();
    let headers = format!("X-Api-Key: {}\r\n", ctx.partner_key);
    match http::json(
        &ctx.addr,
        "POST",
        "/api/v1/partner/reports",
        &headers,
        &body.to_string(),
    ) {
        Some(a) if a.status == 201 || a.status == 200 => acked(&a),
        Some(a) => panic!("the partner API answered {}: {}", a.status, a.body),
        None => Outcome::Lost,
    }
}

/// An X mention (post id = marker's number) signed as X's webhook signs it; 200 is X's ack.
pub fn x(ctx: &Ctx, marker: &str, n: usize) -> Outcome {
    let body = serde_json::json!({
        "for_user_id": "1000000001",
        "tweet_create_events": [{
            "created_at": "Fri Dec 13 04:48:09 +0000 2019",
            "id_str": format!("{}", 1_800_000_000_000u64 + n as u64),
            "text": format!("@lapor1708 {}", title(marker)),
            "user": {"id_str": format!("{}", 500_000 + n), "screen_name": format!("warga{n}")},
            "entities": {"user_mentions": [{"screen_name": "lapor1708"}]}
        }]
    })
    .to_string();
    let signature = aduan_x::signature(ctx.x_secret.as_bytes(), body.as_bytes());
    let headers =
        format!("Content-Type: application/json\r\nx-twitter-webhooks-signature: {signature}\r\n");
    match http::send(&ctx.addr, "POST", "/channels/x", &headers, body.as_bytes()) {
        Some(a) if a.status == 200 => Outcome::Acked {
            tracking_id: None,
            replayed: false,
        },
        Some(a) if a.status >= 500 => Outcome::Busy,
        Some(a) => panic!("the X webhook answered {}: {}", a.status, a.body),
        None => Outcome::Lost,
    }
}

/// An e-mail (Message-ID from the marker) piped into `aduan ingest-email` as Postfix's pipe
/// does: exit 0 is taken, 75 try later. The process is killed with the server when `gone`.
pub fn email(ctx: &Ctx, marker: &str, gone: &AtomicBool) -> Outcome {
    let message = format!(
        "From: Warga Surel <surel.{marker}@example.net>\r\nTo: lapor@aduan.contoh.id\r\n\
         Subject: {}\r\nMessage-ID: <{marker}@example.net>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
        title(marker),
        body(marker)
    );
    let mut child: Child = super::super::aduan(&ctx.db_url)
        .arg("--config")
        .arg(&ctx.config)
        .arg("--data-dir")
        .arg(&ctx.data_dir)
        .args(["ingest-email", "--recipient", "lapor@aduan.contoh.id"])
        .args(["--sender", "surel@example.net"])
        .env("ADUAN_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(message.as_bytes());
    drop(stdin);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut log = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut log);
            return match status.code() {
                Some(0) => Outcome::Acked {
                    tracking_id: None,
                    // The process before it died after filing: the same report, found by the
                    // message's key.
                    replayed: log.contains("taken in again"),
                },
                Some(75) => Outcome::Busy,
                Some(code) => panic!("aduan ingest-email exited {code}: {log}"),
                None => Outcome::Lost,
            };
        }
        if gone.load(Ordering::SeqCst) {
            let _ = child.kill(); // SIGKILL, with the server
            let _ = child.wait();
            return Outcome::Lost;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A phone sending the marker's words through Kannel; acknowledged when the receipt with its
/// tracking id comes back within `wait` (smsbox retries a request the server did not answer).
pub fn sms(
    kannel: &aduan_testkit::kannel::Kannel,
    marker: &str,
    n: usize,
    wait: Duration,
) -> Outcome {
    let number = format!("+62813{:07}", 1_000_000 + n);
    let phone = kannel.send(&number, &title(marker));
    let start = Instant::now();
    while start.elapsed() < wait {
        // Only an answer to this phone's number: a late one to an earlier phone may arrive on
        // this connection.
        let mine = |to: &str| to.trim_start_matches('+') == number.trim_start_matches('+');
        if let Some(sms) = phone.received().into_iter().find(|s| mine(&s.to)) {
            let id = sms
                .text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .find(|w| aduan_domain::TrackingId::parse(w).is_ok())
                .map(str::to_owned);
            assert!(id.is_some(), "no tracking id in the SMS {:?}", sms.text);
            return Outcome::Acked {
                tracking_id: id,
                replayed: sms.text.contains("sudah kami terima"),
            };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Outcome::Lost
}

/// The report's version as staff see it.
pub fn version(ctx: &Ctx, id: &str) -> Option<i64> {
    let headers = format!("Authorization: Bearer {}\r\n", ctx.staff_token);
    let a = http::json(
        &ctx.addr,
        "GET",
        &format!("/api/v1/reports/{id}"),
        &headers,
        "",
    )?;
    let value: serde_json::Value = serde_json::from_str(&a.body).ok()?;
    value["version"].as_i64()
}

/// A staff note carrying `marker` on report `id` at `version` (`If-Match`): 200 taken, 409 when
/// the version moved on, which only this note can have done.
pub fn note(ctx: &Ctx, id: &str, version: i64, marker: &str) -> Outcome {
    let headers = format!(
        "Authorization: Bearer {}\r\nIf-Match: {version}\r\n",
        ctx.staff_token
    );
    let body = serde_json::json!({"action": "note", "body": format!("Catatan {marker}")});
    let path = format!("/api/v1/reports/{id}/actions");
    match http::json(&ctx.addr, "POST", &path, &headers, &body.to_string()) {
        Some(a) if a.status == 200 => Outcome::Acked {
            tracking_id: Some(id.to_owned()),
            replayed: false,
        },
        Some(a) if a.status == 409 => Outcome::Acked {
            tracking_id: Some(id.to_owned()),
            replayed: true,
        },
        Some(a) => panic!("a note answered {}: {}", a.status, a.body),
        None => Outcome::Lost,
    }
}
