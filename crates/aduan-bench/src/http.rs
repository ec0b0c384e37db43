//! The load generator's HTTP/1.1 client: hyper's pooled client (the one aduan-sms uses), which
//! keeps each connection alive between requests, so N tasks hold N connections.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The shared client.
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A client that keeps up to `connections` idle connections to the server.
pub fn client(connections: usize) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(connections)
        .build(connector)
}

/// One request of a scenario.
#[derive(Debug, Clone)]
pub struct Call {
    /// GET or POST.
    pub method: Method,
    /// Path and query.
    pub path: String,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body, for a POST.
    pub body: Bytes,
}

impl Call {
    /// `GET path`.
    pub fn get(path: impl Into<String>) -> Call {
        Call {
            method: Method::GET,
            path: path.into(),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// `POST path` with a JSON body.
    pub fn post_json(path: impl Into<String>, body: &serde_json::Value) -> Call {
        Call {
            method: Method::POST,
            path: path.into(),
            headers: vec![("content-type", "application/json".into())],
            body: Bytes::from(body.to_string()),
        }
    }

    /// This call with one more header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }
}

/// Sends `call` to the server at `addr` (`127.0.0.1:PORT`) and reads the whole answer.
pub async fn send(
    client: &HttpClient,
    addr: &str,
    call: &Call,
) -> anyhow::Result<(StatusCode, Bytes)> {
    let mut request = hyper::Request::builder()
        .method(call.method.clone())
        .uri(format!("http://{addr}{}", call.path));
    for (name, value) in &call.headers {
        request = request.header(*name, value);
    }
    let response = client
        .request(request.body(Full::new(call.body.clone()))?)
        .await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}
