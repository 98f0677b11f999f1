//! Counters and histograms for `/metrics`, in Prometheus text format.
//!
//! Kept by hand rather than through a metrics crate: four families, fixed buckets and a
//! few atomics are all Cairn needs, and the text format is a page of code. Every process
//! (web replica or `cairn worker`) keeps its own figures; Prometheus adds them up.
//! Routes are labelled by their pattern (`/teach/cohorts/{id}`), never by the raw path,
//! so a crawler trying random URLs cannot grow the label set.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::store::QueueDepth;

/// Upper bounds of the request-latency buckets, in seconds.
const REQUEST_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Upper bounds of the grading-duration buckets, in seconds.
const GRADING_BUCKETS: &[f64] = &[0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// A histogram with fixed buckets; the sum is kept in microseconds.
#[derive(Debug)]
pub struct Histogram {
    bounds: &'static [f64],
    counts: Vec<AtomicU64>,
    sum_micros: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: bounds.iter().map(|_| AtomicU64::new(0)).collect(),
            sum_micros: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    /// Counts one observation.
    pub fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Some(bucket) = self.bounds.iter().position(|bound| seconds <= *bound) {
            self.counts[bucket].fetch_add(1, Ordering::Relaxed);
        }
        self.sum_micros.fetch_add(
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Writes the `_bucket`, `_sum` and `_count` lines (buckets are cumulative).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let sep = if labels.is_empty() { "" } else { "," };
        for (bound, count) in self.bounds.iter().zip(&self.counts) {
            cumulative += count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}"
            );
        }
        let total = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {total}");
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {sum}");
        let _ = writeln!(out, "{name}_count{braces} {total}");
    }
}

/// This process's figures.
#[derive(Debug)]
pub struct Metrics {
    /// (route pattern, method, status) -> requests.
    requests: RwLock<HashMap<(String, String, u16), Arc<AtomicU64>>>,
    /// Route pattern -> latency.
    latency: RwLock<HashMap<String, Arc<Histogram>>>,
    grading: Histogram,
    signin_failures: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: RwLock::default(),
            latency: RwLock::default(),
            grading: Histogram::new(GRADING_BUCKETS),
            signin_failures: AtomicU64::new(0),
        }
    }
}

/// The entry for `key`, created on first use; the write lock is taken only then.
fn entry<K, V>(map: &RwLock<HashMap<K, Arc<V>>>, key: K, make: impl FnOnce() -> V) -> Arc<V>
where
    K: std::hash::Hash + Eq,
{
    if let Some(found) = map.read().ok().and_then(|m| m.get(&key).cloned()) {
        return found;
    }
    match map.write() {
        Ok(mut m) => m.entry(key).or_insert_with(|| Arc::new(make())).clone(),
        // A poisoned lock only loses figures, never a request.
        Err(_) => Arc::new(make()),
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        entry(
            &self.requests,
            (route.to_owned(), method.to_owned(), status),
            || AtomicU64::new(0),
        )
        .fetch_add(1, Ordering::Relaxed);
        entry(&self.latency, route.to_owned(), || {
            Histogram::new(REQUEST_BUCKETS)
        })
        .observe(elapsed);
    }

    /// Counts one grading run, from claim to stored verdict.
    pub fn graded(&self, elapsed: Duration) {
        self.grading.observe(elapsed);
    }

    /// Counts one refused sign-in (wrong password, unknown user, throttled, disabled).
    pub fn signin_failed(&self) {
        self.signin_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything, in Prometheus text exposition format 0.0.4.
    pub fn render(&self, queue: Option<QueueDepth>) -> String {
        let mut out = String::new();
        out.push_str("# HELP cairn_http_requests_total HTTP requests answered, by route pattern, method and status.\n");
        out.push_str("# TYPE cairn_http_requests_total counter\n");
        if let Ok(requests) = self.requests.read() {
            let mut rows: Vec<_> = requests.iter().collect();
            rows.sort_by(|a, b| a.0.cmp(b.0));
            for ((route, method, status), count) in rows {
                let _ = writeln!(
                    out,
                    "cairn_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {}",
                    escape(route),
                    escape(method),
                    count.load(Ordering::Relaxed)
                );
            }
        }
        out.push_str("# HELP cairn_http_request_duration_seconds Time to answer HTTP requests, by route pattern.\n");
        out.push_str("# TYPE cairn_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.read() {
            let mut rows: Vec<_> = latency.iter().collect();
            rows.sort_by(|a, b| a.0.cmp(b.0));
            for (route, histogram) in rows {
                let labels = format!("route=\"{}\"", escape(route));
                histogram.write(&mut out, "cairn_http_request_duration_seconds", &labels);
            }
        }
        if let Some(queue) = queue {
            out.push_str("# HELP cairn_grading_queue_depth Python submissions in the shared queue, by state.\n");
            out.push_str("# TYPE cairn_grading_queue_depth gauge\n");
            let _ = writeln!(
                out,
                "cairn_grading_queue_depth{{state=\"pending\"}} {}",
                queue.pending
            );
            let _ = writeln!(
                out,
                "cairn_grading_queue_depth{{state=\"running\"}} {}",
                queue.running
            );
        }
        out.push_str("# HELP cairn_grading_duration_seconds Time to grade a submission in this process, sandbox run and stored verdict included.\n");
        out.push_str("# TYPE cairn_grading_duration_seconds histogram\n");
        self.grading
            .write(&mut out, "cairn_grading_duration_seconds", "");
        out.push_str("# HELP cairn_signin_failures_total Sign-ins refused: wrong password, unknown user, throttled or disabled.\n");
        out.push_str("# TYPE cairn_signin_failures_total counter\n");
        let _ = writeln!(
            out,
            "cairn_signin_failures_total {}",
            self.signin_failures.load(Ordering::Relaxed)
        );
        out
    }
}

/// Label values escape `\`, `"` and newlines.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_requests_labelled() {
        let metrics = Metrics::default();
        metrics.request("/", "GET", 200, Duration::from_micros(500));
        metrics.request("/", "GET", 200, Duration::from_millis(30));
        metrics.request("/login", "POST", 401, Duration::from_millis(60));
        metrics.signin_failed();
        let text = metrics.render(Some(QueueDepth {
            pending: 3,
            running: 1,
        }));
        assert!(
            text.contains("cairn_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 2")
        );
        assert!(
            text.contains("cairn_http_request_duration_seconds_bucket{route=\"/\",le=\"0.001\"} 1")
        );
        assert!(
            text.contains("cairn_http_request_duration_seconds_bucket{route=\"/\",le=\"0.05\"} 2")
        );
        assert!(
            text.contains("cairn_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 2")
        );
        assert!(text.contains("cairn_http_request_duration_seconds_count{route=\"/\"} 2"));
        assert!(text.contains("cairn_grading_queue_depth{state=\"pending\"} 3"));
        assert!(text.contains("cairn_signin_failures_total 1"));
        assert!(text.contains("cairn_grading_duration_seconds_count 0"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
