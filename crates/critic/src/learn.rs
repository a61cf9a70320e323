//! Training the learned models: multinomial logistic regression (softmax) with soft targets and an L2
//! penalty, fitted by full-batch accelerated gradient descent for a fixed number of iterations.
//! Deterministic: the same documents in the same order give the same weights, bit for bit.
//!
//! Used offline by `examples/train.rs` (which writes `content/amazon-tpm/models/*.model`) and by the
//! eval's leave-one-author-out check; the critic itself only reads the result.

use std::collections::BTreeMap;

use crate::features::{Scheme, Vectorizer, idf, terms};

/// One training document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its stems ([`crate::features::Stems::of`]).
    pub stems: Vec<String>,
    /// `(class, weight)`: the main label 1.0, secondary labels less; normalised when fitting.
    pub targets: Vec<(usize, f64)>,
    /// How much the document counts (1.0 for most).
    pub weight: f64,
}

/// Hyper-parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// L2 penalty on the weights (not the biases).
    pub l2: f64,
    /// Gradient steps.
    pub iterations: usize,
    /// A feature must appear in at least this many documents.
    pub min_df: usize,
    /// How text becomes features.
    pub scheme: Scheme,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            l2: 1e-3,
            iterations: 400,
            min_df: 2,
            scheme: Scheme::Words,
        }
    }
}

/// A fitted model: what a model file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Features, sorted.
    pub features: Vec<String>,
    /// Their idf.
    pub idf: Vec<f32>,
    /// One bias per class.
    pub bias: Vec<f32>,
    /// `features × classes`, row-major.
    pub weights: Vec<f32>,
}

/// Fits a `classes`-way model to `docs`.
pub fn fit(docs: &[Doc], classes: usize, p: &Params) -> Fit {
    // Vocabulary: every term in at least `min_df` documents, sorted.
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs {
        let mut ts = terms(&d.stems, p.scheme);
        ts.sort_unstable();
        ts.dedup();
        for t in ts {
            *df.entry(t).or_default() += 1;
        }
    }
    let (features, idf): (Vec<String>, Vec<f32>) = df
        .into_iter()
        .filter(|(_, n)| *n >= p.min_df.max(1))
        .map(|(t, n)| (t, idf(docs.len(), n)))
        .unzip();
    let v = Vectorizer::new(&features, &idf, p.scheme);
    let xs: Vec<Vec<(u32, f32)>> = docs.iter().map(|d| v.vector(&d.stems)).collect();
    let ys: Vec<Vec<(usize, f64)>> = docs
        .iter()
        .map(|d| {
            let total: f64 = d.targets.iter().map(|(_, w)| w).sum();
            d.targets
                .iter()
                .filter(|(c, _)| *c < classes)
                .map(|(c, w)| (*c, if total > 0.0 { w / total } else { 0.0 }))
                .collect()
        })
        .collect();
    let (w, b) = descend(&xs, &ys, docs, features.len(), classes, p);
    Fit {
        features,
        idf,
        bias: b.iter().map(|x| *x as f32).collect(),
        weights: w.iter().map(|x| *x as f32).collect(),
    }
}

fn descend(
    xs: &[Vec<(u32, f32)>],
    ys: &[Vec<(usize, f64)>],
    docs: &[Doc],
    d: usize,
    k: usize,
    p: &Params,
) -> (Vec<f64>, Vec<f64>) {
    let total_weight: f64 = docs.iter().map(|d| d.weight).sum::<f64>().max(1e-9);
    // The mean softmax cross-entropy is ½·λ-smooth in the weights, λ the largest eigenvalue of
    // Σ wᵢ xᵢxᵢᵀ / Σ wᵢ (by power iteration, a fixed number of rounds from a fixed start), and
    // ½-smooth in the biases. Each block gets its own step, halved for the coupling between them.
    let weights: Vec<f64> = docs.iter().map(|d| d.weight / total_weight).collect();
    let lambda = top_eigenvalue(xs, &weights, d);
    let step = 1.0 / (lambda + p.l2);
    let step_b = 1.0;
    let mut w = vec![0.0f64; d * k];
    let mut b = vec![0.0f64; k];
    let mut w_prev = w.clone();
    let mut b_prev = b.clone();
    let mut gw = vec![0.0f64; d * k];
    let mut gb = vec![0.0f64; k];
    let mut logits = vec![0.0f64; k];
    for it in 0..p.iterations {
        // Look-ahead point (Nesterov).
        let mom = it as f64 / (it as f64 + 3.0);
        let yw: Vec<f64> = w
            .iter()
            .zip(&w_prev)
            .map(|(a, b)| a + mom * (a - b))
            .collect();
        let yb: Vec<f64> = b
            .iter()
            .zip(&b_prev)
            .map(|(a, b)| a + mom * (a - b))
            .collect();
        gw.iter_mut().for_each(|g| *g = 0.0);
        gb.iter_mut().for_each(|g| *g = 0.0);
        for ((x, y), doc) in xs.iter().zip(ys).zip(docs) {
            logits.copy_from_slice(&yb);
            for (f, v) in x {
                let row = &yw[*f as usize * k..(*f as usize + 1) * k];
                for (l, wv) in logits.iter_mut().zip(row) {
                    *l += f64::from(*v) * wv;
                }
            }
            softmax(&mut logits);
            for (c, t) in y {
                logits[*c] -= t;
            }
            let s = doc.weight / total_weight;
            for (g, r) in gb.iter_mut().zip(&logits) {
                *g += s * r;
            }
            for (f, v) in x {
                let row = &mut gw[*f as usize * k..(*f as usize + 1) * k];
                let sv = s * f64::from(*v);
                for (g, r) in row.iter_mut().zip(&logits) {
                    *g += sv * r;
                }
            }
        }
        w_prev.copy_from_slice(&w);
        b_prev.copy_from_slice(&b);
        for ((wn, yv), g) in w.iter_mut().zip(&yw).zip(&gw) {
            *wn = yv - step * (g + p.l2 * yv);
        }
        for ((bn, yv), g) in b.iter_mut().zip(&yb).zip(&gb) {
            *bn = yv - step_b * g;
        }
    }
    (w, b)
}

/// The largest eigenvalue of `Σ wᵢ xᵢxᵢᵀ`, by 50 rounds of power iteration from the all-ones
/// vector.
fn top_eigenvalue(xs: &[Vec<(u32, f32)>], weights: &[f64], d: usize) -> f64 {
    let mut v = vec![1.0f64; d];
    let mut lambda = 1.0;
    for _ in 0..50 {
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
        v.iter_mut().for_each(|x| *x /= norm);
        let mut next = vec![0.0f64; d];
        for (x, w) in xs.iter().zip(weights) {
            let dot = x
                .iter()
                .map(|(f, val)| f64::from(*val) * v[*f as usize])
                .sum::<f64>();
            let s = w * dot;
            for (f, val) in x {
                next[*f as usize] += s * f64::from(*val);
            }
        }
        lambda = next.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>();
        v = next;
    }
    lambda.max(1e-6)
}

/// In-place softmax.
pub fn softmax(xs: &mut [f64]) {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for x in xs.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    if sum > 0.0 {
        for x in xs.iter_mut() {
            *x /= sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Stems;

    fn doc(text: &str, class: usize) -> Doc {
        Doc {
            stems: Stems::new().of(text),
            targets: vec![(class, 1.0)],
            weight: 1.0,
        }
    }

    #[test]
    fn fitting_is_deterministic_and_learns_a_separable_set() {
        let docs = vec![
            doc("a time you failed and missed", 0),
            doc("you failed a launch", 0),
            doc("missed the date and failed", 0),
            doc("a customer complained", 1),
            doc("the customer wanted more", 1),
            doc("customer needs and the date", 1),
        ];
        let p = Params {
            l2: 1e-3,
            iterations: 200,
            min_df: 1,
            scheme: Scheme::Words,
        };
        let a = fit(&docs, 2, &p);
        assert_eq!(a, fit(&docs, 2, &p));
        let v = Vectorizer::new(&a.features, &a.idf, Scheme::Words);
        let score = |text: &str| {
            let x = v.vector(&Stems::new().of(text));
            let mut l = a.bias.iter().map(|b| f64::from(*b)).collect::<Vec<_>>();
            for (f, val) in x {
                for (c, lc) in l.iter_mut().enumerate() {
                    *lc += f64::from(val) * f64::from(a.weights[f as usize * 2 + c]);
                }
            }
            l[0] - l[1]
        };
        assert!(score("we failed") > 0.0);
        assert!(score("a customer") < 0.0);
    }
}
