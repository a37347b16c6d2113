//! The load generator: a fixed number of clients, each sending its next request as soon as the last one
//! is answered (a closed loop, as wrk does), for a fixed time.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

/// What one run measured.
pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub seconds: f64,
    latencies: Vec<Duration>,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(f64::EPSILON)
    }

    /// The latency below which the fraction `p` of requests were answered, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let n = self.latencies.len();
        if n == 0 {
            return 0.0;
        }
        let at = ((n as f64 * p) as usize).min(n - 1);
        self.latencies[at].as_secs_f64() * 1000.0
    }
}

/// Runs `clients` loops for `duration`. `next(client, n)` builds each client's `n`th request, or `None`
/// when it has none left (a scenario that consumes prepared data stops early).
pub async fn run<F>(clients: usize, duration: Duration, next: F) -> Outcome
where
    F: Fn(usize, usize) -> Option<reqwest::RequestBuilder> + Send + Sync + 'static,
{
    let next = Arc::new(next);
    let started = Instant::now();
    let deadline = started + duration;
    let loops: Vec<_> = (0..clients)
        .map(|client| {
            let next = next.clone();
            tokio::spawn(async move {
                let mut seen = (vec![], 0, None);
                let mut n = 0;
                while Instant::now() < deadline {
                    let Some(request) = next(client, n) else {
                        break;
                    };
                    n += 1;
                    let at = Instant::now();
                    let result = match request.send().await {
                        Ok(r) if r.status().is_success() => match r.bytes().await {
                            // GraphQL answers its errors with 200.
                            Ok(body) if body.windows(10).any(|w| w == b"\"errors\":[") => {
                                Err(String::from_utf8_lossy(&body).into_owned())
                            }
                            Ok(_) => Ok(()),
                            Err(e) => Err(e.to_string()),
                        },
                        Ok(r) => Err(format!(
                            "{} {}",
                            r.status(),
                            r.text().await.unwrap_or_default()
                        )),
                        Err(e) => Err(e.to_string()),
                    };
                    seen.0.push(at.elapsed());
                    if let Err(e) = result {
                        seen.1 += 1;
                        seen.2.get_or_insert(e);
                    }
                }
                seen
            })
        })
        .collect();
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        first_error: None,
        seconds: 0.0,
        latencies: vec![],
    };
    for handle in loops {
        if let Ok((latencies, errors, first)) = handle.await {
            outcome.requests += latencies.len();
            outcome.latencies.extend(latencies);
            outcome.errors += errors;
            if outcome.first_error.is_none() {
                outcome.first_error = first;
            }
        }
    }
    outcome.seconds = started.elapsed().as_secs_f64();
    outcome.latencies.sort();
    outcome
}
