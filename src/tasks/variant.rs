//! Per-learner variants: each learner gets stable values for a task's parameters, so
//! two learners see different numbers and cannot copy each other's answer, while one
//! learner sees the same numbers on every visit.

use sha2::{Digest, Sha256};

use super::{Param, Task};

/// The chosen value of each parameter, in definition order.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Parameter name and the value this learner got.
    pub values: Vec<(String, f64)>,
}

impl Variant {
    /// The variant `seed` selects for `task`.
    pub fn pick(task: &Task, seed: &str) -> Self {
        Self::from_params(task.params(), &task.id, seed)
    }

    /// Picks each parameter's value from a hash of (seed, task, parameter).
    pub fn from_params(params: &[Param], task_id: &str, seed: &str) -> Self {
        let values = params
            .iter()
            .map(|param| {
                let digest = Sha256::digest(format!("{seed}\u{0}{task_id}\u{0}{}", param.name));
                let mut first = [0u8; 8];
                first.copy_from_slice(&digest[..8]);
                let index = (u64::from_le_bytes(first) % param.values.len().max(1) as u64) as usize;
                (
                    param.name.clone(),
                    param.values.get(index).copied().unwrap_or(0.0),
                )
            })
            .collect();
        Self { values }
    }

    /// Every combination of parameter values, for `cairn check`; `None` past `limit`.
    pub fn all(params: &[Param], limit: usize) -> Option<Vec<Variant>> {
        let total = params
            .iter()
            .try_fold(1usize, |acc, p| acc.checked_mul(p.values.len()))?;
        if total > limit {
            return None;
        }
        let mut variants = vec![Variant { values: Vec::new() }];
        for param in params {
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    param.values.iter().map(move |value| {
                        let mut values = v.values.clone();
                        values.push((param.name.clone(), *value));
                        Variant { values }
                    })
                })
                .collect();
        }
        Some(variants)
    }

    /// The values as JSON, stored with each attempt so a grade can be audited later.
    pub fn to_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .values
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::json!(value)))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    /// Fills `{{name}}` placeholders in rendered HTML with this variant's values.
    pub fn fill(&self, html: &str) -> String {
        let mut out = html.to_owned();
        for (name, value) in &self.values {
            out = out.replace(&format!("{{{{{name}}}}}"), &format_number(*value));
        }
        out
    }
}

/// The order a learner sees a task's `count` options in: position on the page to index
/// in the definition. Shuffled from a hash of (seed, task) when `shuffle` is set, so it
/// is stable per learner and differs between learners.
pub fn option_order(count: usize, task_id: &str, seed: &str, shuffle: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    if !shuffle {
        return order;
    }
    let digest = Sha256::digest(format!("{seed}\u{0}{task_id}\u{0}order"));
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // splitmix64: a few well-mixed numbers from one seed, enough for a short list.
    let mut state = u64::from_le_bytes(first);
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..count).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// A number as a person writes it: no trailing zeros, no exponent for everyday sizes.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else if value.abs() < 1e-3 {
        format!("{value:e}")
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Vec<Param> {
        vec![
            Param {
                name: "n".into(),
                values: (1..=50).map(f64::from).collect(),
            },
            Param {
                name: "b".into(),
                values: vec![0.1, 0.25],
            },
        ]
    }

    #[test]
    fn a_learner_always_gets_the_same_variant() {
        let a = Variant::from_params(&params(), "m/t", "learner-1");
        assert_eq!(a, Variant::from_params(&params(), "m/t", "learner-1"));
    }

    #[test]
    fn learners_get_different_variants() {
        let distinct: std::collections::HashSet<String> = (0..20)
            .map(|i| {
                format!(
                    "{:?}",
                    Variant::from_params(&params(), "m/t", &format!("learner-{i}"))
                )
            })
            .collect();
        assert!(
            distinct.len() > 10,
            "variants spread across learners: {}",
            distinct.len()
        );
    }

    #[test]
    fn shuffled_options_are_a_stable_permutation_per_learner() {
        let a = option_order(5, "m/t", "learner-1", true);
        assert_eq!(a, option_order(5, "m/t", "learner-1", true));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        let orders: std::collections::HashSet<Vec<usize>> = (0..20)
            .map(|i| option_order(5, "m/t", &format!("learner-{i}"), true))
            .collect();
        assert!(orders.len() > 5);
        assert_eq!(option_order(3, "m/t", "x", false), vec![0, 1, 2]);
    }

    #[test]
    fn all_variants_are_enumerated_up_to_a_limit() {
        assert_eq!(Variant::all(&params(), 1000).unwrap().len(), 100);
        assert!(Variant::all(&params(), 99).is_none());
    }

    #[test]
    fn placeholders_are_filled_with_readable_numbers() {
        let v = Variant {
            values: vec![("n".into(), 4.0), ("b".into(), 0.25)],
        };
        assert_eq!(
            v.fill("<p>{{n}} retries at {{b}} s</p>"),
            "<p>4 retries at 0.25 s</p>"
        );
        assert_eq!(format_number(1e-7), "1e-7");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1024.0), "1024");
    }
}
