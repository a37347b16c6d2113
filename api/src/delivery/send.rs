//! Sending one message: to an HTTPS endpoint (a webhook subscription or a partnership's HTTPS
//! destination), signed; or as e-mail through GOV.UK Notify. Every address is checked against the
//! address policy when it is resolved, and the connection goes to that checked address (a name cannot
//! resolve to one address for the check and another for the request); redirects are not followed.

use std::{net::SocketAddr, time::Duration};

use chrono::{DateTime, Utc};
use cspr_domain::{
    FieldError,
    outbox::{address::AddressPolicy, endpoints::Secret},
};
use reqwest::{Url, redirect::Policy};
use serde_json::{Value, json};

use super::signature;

/// Why an attempt failed, in the worker's words, with the receiver's status when it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: Option<u16>,
    pub error: String,
}

impl Failure {
    fn because(error: impl Into<String>) -> Self {
        Failure {
            status: None,
            error: error.into(),
        }
    }
}

/// A receiver's URL as the platform accepts it: HTTPS (plain HTTP only to a loopback address when
/// configured for testing), a host, no user name or password.
pub fn endpoint(url: &str, policy: &AddressPolicy, field: &str) -> Result<Url, FieldError> {
    let refuse = |why: &str| FieldError::new(field, why);
    let parsed = Url::parse(url).map_err(|_| refuse("must be an absolute URL"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse("must not carry a user name or password"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| refuse("must name a host"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if policy.loopback_for_testing && is_loopback_name(host) => {}
        _ => return Err(refuse("must be https")),
    }
    if let Ok(ip) = host.trim_matches(['[', ']']).parse() {
        policy
            .check(ip)
            .map_err(|range| refuse(&format!("is {range}, which the platform does not send to")))?;
    }
    Ok(parsed)
}

fn is_loopback_name(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Sends messages, one request per attempt.
#[derive(Clone)]
pub struct Sender {
    pub policy: AddressPolicy,
    pub timeout: Duration,
    pub notify_base: String,
}

impl Sender {
    /// The address to connect to for `url`: every address its host resolves to now must be allowed.
    async fn resolve(&self, url: &Url) -> Result<SocketAddr, Failure> {
        let checked =
            endpoint(url.as_str(), &self.policy, "url").map_err(|e| Failure::because(e.reason))?;
        let host = checked
            .host_str()
            .ok_or_else(|| Failure::because("no host"))?
            .trim_matches(['[', ']'])
            .to_owned();
        let port = checked.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|_| Failure::because("the host name did not resolve"))?
            .collect();
        for a in &addresses {
            self.policy.check(a.ip()).map_err(|range| {
                Failure::because(format!(
                    "the host resolved to {range}, which the platform does not send to"
                ))
            })?;
        }
        addresses
            .first()
            .copied()
            .ok_or_else(|| Failure::because("the host name did not resolve"))
    }

    /// Posts `body` to `url` with `headers`, connecting only to the checked address.
    async fn post(
        &self,
        url: &str,
        headers: Vec<(&'static str, String)>,
        body: String,
    ) -> Result<u16, Failure> {
        let url = Url::parse(url).map_err(|_| Failure::because("the URL does not parse"))?;
        let address = self.resolve(&url).await?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let client = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(Policy::none())
            .no_proxy()
            .resolve(&host, address)
            .build()
            .map_err(|_| Failure::because("the HTTP client could not be built"))?;
        let mut request = client
            .post(url)
            .header("content-type", "application/json")
            .header("user-agent", concat!("cspr/", env!("CARGO_PKG_VERSION")));
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.map_err(|e| {
            Failure::because(if e.is_timeout() {
                "the receiver did not answer in time"
            } else if e.is_connect() {
                "the receiver could not be reached"
            } else {
                "the request failed"
            })
        })?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            Ok(status)
        } else {
            Err(Failure {
                status: Some(status),
                error: format!("the receiver answered {status}"),
            })
        }
    }

    /// A webhook: the body signed as Standard Webhooks says, its id the message's.
    pub async fn webhook(
        &self,
        url: &str,
        secrets: &[Secret],
        id: &str,
        at: DateTime<Utc>,
        body: &str,
    ) -> Result<u16, Failure> {
        let timestamp = at.timestamp();
        let headers = vec![
            ("webhook-id", id.to_owned()),
            ("webhook-timestamp", timestamp.to_string()),
            (
                "webhook-signature",
                signature::sign(secrets, id, timestamp, body),
            ),
        ];
        self.post(url, headers, body.to_owned()).await
    }

    /// An e-mail through GOV.UK Notify's `POST /v2/notifications/email`, authorised by a JWT made
    /// from the API key.
    pub async fn notify(
        &self,
        api_key: &Secret,
        email_address: &str,
        template_id: &str,
        personalisation: Value,
        reference: &str,
        at: DateTime<Utc>,
    ) -> Result<u16, Failure> {
        let token = super::notify::bearer(api_key, at).map_err(Failure::because)?;
        let body = json!({
            "email_address": email_address,
            "template_id": template_id,
            "personalisation": personalisation,
            "reference": reference,
        });
        let url = format!(
            "{}/v2/notifications/email",
            self.notify_base.trim_end_matches('/')
        );
        self.post(
            &url,
            vec![("authorization", format!("Bearer {token}"))],
            body.to_string(),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_url_is_https_to_a_host_without_credentials() {
        let policy = AddressPolicy::default();
        assert!(endpoint("https://hooks.example.org/cspr", &policy, "url").is_ok());
        for refused in [
            "http://hooks.example.org/cspr",
            "ftp://hooks.example.org/",
            "https://user:pw@hooks.example.org/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.1/",
            "/relative",
        ] {
            assert_eq!(
                endpoint(refused, &policy, "url").unwrap_err().field,
                "url",
                "{refused}"
            );
        }
    }

    #[test]
    fn plain_http_to_loopback_only_when_configured_for_testing() {
        let testing = AddressPolicy {
            loopback_for_testing: true,
            ..AddressPolicy::default()
        };
        assert!(endpoint("http://127.0.0.1:9000/hook", &testing, "url").is_ok());
        assert!(endpoint("http://localhost:9000/hook", &testing, "url").is_ok());
        assert!(endpoint("http://hooks.example.org/", &testing, "url").is_err());
        assert!(
            endpoint(
                "http://127.0.0.1:9000/hook",
                &AddressPolicy::default(),
                "url"
            )
            .is_err()
        );
    }

    #[tokio::test]
    async fn a_name_resolving_to_an_internal_address_is_refused_at_delivery() {
        // `localhost` resolves to loopback: the same refusal a rebinding name would meet.
        let sender = Sender {
            policy: AddressPolicy::default(),
            timeout: Duration::from_secs(1),
            notify_base: String::new(),
        };
        let url = Url::parse("https://localhost:9/hook").unwrap();
        let refused = sender.resolve(&url).await.unwrap_err();
        assert!(refused.error.contains("loopback"), "{}", refused.error);
    }
}
