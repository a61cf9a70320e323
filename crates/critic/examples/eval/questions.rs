//! Questions → principles and kind, answers → principles: the shipped models through the critic, on
//! the test split; a leave-one-author-out check; and `tune`, the recipe's choices on the dev split.

use std::collections::BTreeMap;
use std::sync::Arc;

use tpmprep_content::{LinearModel, Pack, QUESTION_KINDS, Target};
use tpmprep_critic::{Critic, Input, Question};

use crate::data::{self, LabelledAnswer, LabelledQuestion, Split};
use crate::recipe;

/// The pack with `models` in place of its models of the same name.
fn with_models(pack: &Pack, models: Vec<LinearModel>) -> Pack {
    let mut p = pack.clone();
    for m in models {
        p.models.retain(|old| old.name != m.name);
        p.models.push(Arc::new(m));
    }
    p
}

/// The critic's reading of a free-text question: principles best first, kind, kinds.
fn read(critic: &Critic, text: &str) -> (Vec<String>, String, Vec<String>) {
    let c = critic.critique(&Input {
        text: "",
        question: Some(Question {
            text,
            principles: &[],
            kind: "",
        }),
        ..Input::default()
    });
    match c.question {
        Some(q) => (
            q.principles.into_iter().map(|p| p.id).collect(),
            q.kind,
            q.kinds,
        ),
        None => (Vec::new(), String::new(), Vec::new()),
    }
}

#[derive(Default)]
struct Tally {
    n: usize,
    top1: usize,
    top3: usize,
    main1: usize,
    main3: usize,
    kind: usize,
    kind_in: usize,
    /// Main label → (questions, main label first, main label in top 3).
    per: BTreeMap<String, (usize, usize, usize)>,
}

impl Tally {
    fn add(&mut self, gold: &[String], ranked: &[String]) {
        self.n += 1;
        let top = |k: usize| &ranked[..k.min(ranked.len())];
        self.top1 += usize::from(top(1).iter().any(|p| gold.contains(p)));
        self.top3 += usize::from(top(3).iter().any(|p| gold.contains(p)));
        if let Some(main) = gold.first() {
            let m1 = top(1).contains(main);
            let m3 = top(3).contains(main);
            self.main1 += usize::from(m1);
            self.main3 += usize::from(m3);
            let e = self.per.entry(main.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(m1);
            e.2 += usize::from(m3);
        }
    }
}

fn pct(a: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * a as f64 / n as f64
    }
}

fn questions_tally(critic: &Critic, qs: &[&LabelledQuestion]) -> Tally {
    let mut t = Tally::default();
    for q in qs {
        let (ranked, kind, kinds) = read(critic, &q.text);
        if std::env::var("EVAL_MISSES").is_ok()
            && !ranked.first().is_some_and(|p| q.principles.contains(p))
        {
            println!(
                "MISS {:?} got {:?} | {}",
                q.principles,
                &ranked[..3.min(ranked.len())],
                q.text
            );
        }
        t.add(&q.principles, &ranked);
        t.kind += usize::from(kind == q.kind);
        t.kind_in += usize::from(kinds.contains(&q.kind));
    }
    t
}

fn answers_tally(critic: &Critic, answers: &[&LabelledAnswer]) -> Tally {
    let mut t = Tally::default();
    for a in answers {
        let text = a.plain();
        let c = critic.critique(&Input {
            text: &text,
            question: Some(Question {
                text: &a.question,
                principles: &[],
                kind: "",
            }),
            ..Input::default()
        });
        let ranked: Vec<String> = c.principles.into_iter().map(|p| p.id).collect();
        t.add(&a.principles, &ranked);
    }
    t
}

fn print_questions(label: &str, t: &Tally) {
    println!(
        "{label}: {} questions; top-1 {:.1}% (main label {:.1}%), top-3 {:.1}% (main label {:.1}%), kind {:.1}% (in kinds {:.1}%)",
        t.n,
        pct(t.top1, t.n),
        pct(t.main1, t.n),
        pct(t.top3, t.n),
        pct(t.main3, t.n),
        pct(t.kind, t.n),
        pct(t.kind_in, t.n),
    );
}

pub fn run() -> crate::Result<()> {
    let pack = tpmprep_content::embedded_pack()?;
    let dir = data::data_dir();
    let labelled = data::questions(&dir)?;
    let answers = data::answers(&dir)?;
    let critic = Critic::new(&pack);
    let cues_only = Critic::from_parts(
        &pack.lexicon,
        pack.principles
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.cues.as_slice())),
    );
    if pack.models.is_empty() {
        println!("(the pack ships no models: figures are the cue phrases alone)");
    }

    // `EVAL_QUESTIONS_DEV=1` reports the dev split instead, for choosing between recipes.
    let (want, name) = if std::env::var_os("EVAL_QUESTIONS_DEV").is_some() {
        (Split::Dev, "dev")
    } else {
        (Split::Test, "test")
    };
    let test: Vec<&LabelledQuestion> = labelled
        .iter()
        .filter(|q| data::split(&q.text) == want)
        .collect();
    let t = questions_tally(&critic, &test);
    println!("QUESTIONS ({name} split; top-1 right when it is any gold label)");
    print_questions("  shipped models", &t);
    print_questions("  cue phrases alone", &questions_tally(&cues_only, &test));
    println!("  per principle (as main label): questions, top-1, top-3");
    for p in &pack.principles {
        let (n, a, b) = t.per.get(&p.id).copied().unwrap_or_default();
        println!(
            "    {:<46} {:>4} {:>6.0}% {:>6.0}%",
            p.id,
            n,
            pct(a, n),
            pct(b, n)
        );
    }
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for q in &test {
        let (_, kind, _) = read(&critic, &q.text);
        let e = kinds.entry(q.kind.as_str()).or_default();
        e.0 += 1;
        e.1 += usize::from(kind == q.kind);
    }
    println!("  kind accuracy by gold kind:");
    for k in QUESTION_KINDS {
        let (n, a) = kinds.get(k).copied().unwrap_or_default();
        println!("    {k:<20} {n:>4} {:>6.0}%", pct(a, n));
    }

    let test_answers: Vec<&LabelledAnswer> = answers
        .iter()
        .filter(|a| data::split(&a.plain()) == Split::Test && !a.principles.is_empty())
        .collect();
    println!("\nANSWERS (test split, answers that evidence a principle)");
    for (label, c) in [
        ("shipped models", &critic),
        ("cue phrases alone", &cues_only),
    ] {
        let t = answers_tally(c, &test_answers);
        println!(
            "  {label}: {} answers; top-1 {:.1}%, top-3 {:.1}% (main label in top 3 {:.1}%)",
            t.n,
            pct(t.top1, t.n),
            pct(t.top3, t.n),
            pct(t.main3, t.n)
        );
    }

    let (held_q, held_a) = data::heldout(&dir)?;
    if !held_q.is_empty() {
        println!("\nHELD-OUT WRITER (crates/critic/data/heldout: never trained or tuned on)");
        let all: Vec<&LabelledQuestion> = held_q.iter().collect();
        print_questions("  shipped models", &questions_tally(&critic, &all));
        print_questions("  cue phrases alone", &questions_tally(&cues_only, &all));
        let answers: Vec<&LabelledAnswer> =
            held_a.iter().filter(|a| !a.principles.is_empty()).collect();
        for (label, c) in [
            ("shipped models", &critic),
            ("cue phrases alone", &cues_only),
        ] {
            let t = answers_tally(c, &answers);
            println!(
                "  answers, {label}: {} answers; top-1 {:.1}%, top-3 {:.1}% (main label in top 3 {:.1}%)",
                t.n,
                pct(t.top1, t.n),
                pct(t.top3, t.n),
                pct(t.main3, t.n)
            );
        }
    }

    println!(
        "\nLEAVE ONE AUTHOR OUT (trained without the author, tested on all of their questions)"
    );
    let authors: Vec<String> = {
        let mut a: Vec<String> = labelled.iter().map(|q| q.author.clone()).collect();
        a.dedup();
        a
    };
    for author in &authors {
        let held: Vec<&LabelledQuestion> =
            labelled.iter().filter(|q| &q.author == author).collect();
        let c = Critic::new(&with_models(
            &pack,
            loao_models(&pack, &labelled, author, &recipe::SECONDARY, None),
        ));
        print_questions(&format!("  without {author}"), &questions_tally(&c, &held));
    }
    Ok(())
}

/// The question models trained without `author`'s questions.
fn loao_models(
    pack: &Pack,
    labelled: &[LabelledQuestion],
    author: &str,
    secondary: &[f64],
    params: Option<tpmprep_critic::learn::Params>,
) -> Vec<LinearModel> {
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let kinds: Vec<String> = QUESTION_KINDS.iter().map(|k| k.to_string()).collect();
    let keep = |q: &LabelledQuestion| q.author != author;
    let pi = data::question_principle_items(pack, labelled, keep);
    let ki = data::question_kind_items(pack, labelled, keep);
    vec![
        recipe::train(
            &recipe::Spec {
                name: "question-principles",
                input: "question",
                target: Target::Principle,
                classes: &principles,
            },
            &pi,
            String::new(),
            &params.unwrap_or_else(|| recipe::params(Target::Principle, "question")),
            secondary,
        ),
        recipe::train(
            &recipe::Spec {
                name: "question-kind",
                input: "question",
                target: Target::Kind,
                classes: &kinds,
            },
            &ki,
            String::new(),
            &params.unwrap_or_else(|| recipe::params(Target::Kind, "question")),
            secondary,
        ),
    ]
}

/// The (L2, scheme) pairs `tune` tries; `TUNE_L2` and `TUNE_CHARS` (comma-separated) override.
fn schemes() -> Vec<(f64, tpmprep_critic::features::Scheme)> {
    use tpmprep_critic::features::Scheme;
    let list = |var: &str, default: &str| -> Vec<f64> {
        std::env::var(var)
            .unwrap_or_else(|_| default.to_string())
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect()
    };
    let mut out = Vec::new();
    for l2 in list("TUNE_L2", "3e-5") {
        for w in list("TUNE_CHARS", "0,0.5,1") {
            let scheme = if w > 0.0 {
                Scheme::WordsAndChars(w as f32)
            } else {
                Scheme::Words
            };
            out.push((l2, scheme));
        }
    }
    out
}

type Builder =
    Box<dyn Fn(&Pack, &[LabelledQuestion], &dyn Fn(&LabelledQuestion) -> bool) -> Vec<data::Item>>;

fn extra(pack: &Pack, follow: f64, strong: f64) -> Vec<data::Item> {
    let mut out = Vec::new();
    for q in pack.questions.iter().filter(|q| !q.principles.is_empty()) {
        if follow > 0.0 {
            for f in &q.follow_ups {
                out.push(data::Item {
                    text: f.clone(),
                    labels: q.principles.clone(),
                    weight: follow,
                });
            }
        }
        if strong > 0.0 {
            out.push(data::Item {
                text: q.strong_answer.clone(),
                labels: q.principles.clone(),
                weight: strong,
            });
        }
    }
    out
}

/// Compares the recipe's choices on the dev split and by leave-one-author-out (never the test split).
pub fn tune() -> crate::Result<()> {
    let pack = tpmprep_content::embedded_pack()?;
    let dir = data::data_dir();
    let labelled = data::questions(&dir)?;
    let dev: Vec<&LabelledQuestion> = labelled
        .iter()
        .filter(|q| data::split(&q.text) == Split::Dev)
        .collect();
    let authors: Vec<String> = {
        let mut a: Vec<String> = labelled.iter().map(|q| q.author.clone()).collect();
        a.dedup();
        a
    };
    println!("dev: {} questions", dev.len());
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let base = |p: &Pack, l: &[LabelledQuestion], k: &dyn Fn(&LabelledQuestion) -> bool| {
        data::question_principle_items(p, l, k)
    };
    let mut variants: Vec<(String, Builder)> = vec![("base".into(), Box::new(base))];
    for (f, st) in [(0.5, 0.0), (1.0, 0.0), (0.0, 0.5), (0.5, 0.5)] {
        variants.push((
            format!("follow-ups {f} strong {st}"),
            Box::new(
                move |p: &Pack, l: &[LabelledQuestion], k: &dyn Fn(&LabelledQuestion) -> bool| {
                    let mut v = data::question_principle_items(p, l, k);
                    v.extend(extra(p, f, st));
                    v
                },
            ),
        ));
    }
    if std::env::var("TUNE_KIND").is_ok() {
        return tune_kind(&pack, &labelled, &dev);
    }
    if std::env::var("TUNE_FIT").is_ok() {
        return tune_fit(&pack);
    }
    if std::env::var("TUNE_ANSWERS").is_ok() {
        return tune_answers(&pack);
    }
    let only = std::env::var("ONLY").ok();
    for (name, build) in &variants {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        for (l2, scheme) in schemes() {
            for secondary in [[0.2, 0.1]] {
                let params = tpmprep_critic::learn::Params {
                    l2,
                    iterations: 1000,
                    min_df: 2,
                    scheme,
                };
                let fitm = |items: &[data::Item]| {
                    recipe::train(
                        &recipe::Spec {
                            name: "question-principles",
                            input: "question",
                            target: Target::Principle,
                            classes: &principles,
                        },
                        items,
                        String::new(),
                        &params,
                        &secondary,
                    )
                };
                let m = fitm(&build(&pack, &labelled, &|_| true));
                let t = questions_tally(&Critic::new(&with_models(&pack, vec![m])), &dev);
                let mut lo = (0, 0, 0);
                for author in &authors {
                    let held: Vec<&LabelledQuestion> =
                        labelled.iter().filter(|q| &q.author == author).collect();
                    let m = fitm(&build(&pack, &labelled, &|q| &q.author != author));
                    let t = questions_tally(&Critic::new(&with_models(&pack, vec![m])), &held);
                    lo.0 += t.n;
                    lo.1 += t.top1;
                    lo.2 += t.top3;
                }
                println!(
                    "{name:<26} l2 {l2:<6} {scheme:?} sec {secondary:?}: dev top-1 {:.1}% top-3 {:.1}% main-1 {:.1}% | loao top-1 {:.1}% top-3 {:.1}%",
                    pct(t.top1, t.n),
                    pct(t.top3, t.n),
                    pct(t.main1, t.n),
                    pct(lo.1, lo.0),
                    pct(lo.2, lo.0),
                );
            }
        }
    }
    Ok(())
}

fn tune_kind(
    pack: &Pack,
    labelled: &[LabelledQuestion],
    dev: &[&LabelledQuestion],
) -> crate::Result<()> {
    let kinds: Vec<String> = QUESTION_KINDS.iter().map(|k| k.to_string()).collect();
    for (l2, scheme) in schemes() {
        let params = tpmprep_critic::learn::Params {
            l2,
            iterations: 1000,
            min_df: 2,
            scheme,
        };
        let items = data::question_kind_items(pack, labelled, |_| true);
        let m = recipe::train(
            &recipe::Spec {
                name: "question-kind",
                input: "question",
                target: Target::Kind,
                classes: &kinds,
            },
            &items,
            String::new(),
            &params,
            &recipe::SECONDARY,
        );
        let t = questions_tally(&Critic::new(&with_models(pack, vec![m])), dev);
        println!(
            "kind l2 {l2} {scheme:?}: dev kind {:.1}% (in kinds {:.1}%)",
            pct(t.kind, t.n),
            pct(t.kind_in, t.n)
        );
    }
    Ok(())
}

/// Answers → principles: cue phrases, the answer model, the question model and mixes, trained on one
/// answer writer (and the pack's examples) and tested on the other, both ways.
fn tune_answers(pack: &Pack) -> crate::Result<()> {
    let dir = data::data_dir();
    let answers = data::answers(&dir)?;
    let labelled = data::questions(&dir)?;
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let cues = Critic::from_parts(
        &pack.lexicon,
        pack.principles
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.cues.as_slice())),
    );
    let qmodel = pack
        .model("question-principles")
        .expect("question model")
        .clone();
    let authors: Vec<String> = {
        let mut a: Vec<String> = answers.iter().map(|a| a.author.clone()).collect();
        a.dedup();
        a
    };
    let _ = labelled;
    // (label, cue weight, answer model weight, question model weight)
    let mixes = [
        ("cues", 1.0, 0.0, 0.0),
        ("answer model", 0.0, 1.0, 0.0),
        ("question model", 0.0, 0.0, 1.0),
        ("cues+answer .5/.5", 0.5, 0.5, 0.0),
        ("cues+answer .3/.7", 0.3, 0.7, 0.0),
        ("cues+question .5/.5", 0.5, 0.0, 0.5),
        ("all .3/.4/.3", 0.3, 0.4, 0.3),
        ("answer+question .5/.5", 0.0, 0.5, 0.5),
    ];
    for (l2, scheme) in schemes() {
        let params = tpmprep_critic::learn::Params {
            l2,
            iterations: 1000,
            min_df: 2,
            scheme,
        };
        let mut tallies: Vec<Tally> = mixes.iter().map(|_| Tally::default()).collect();
        for author in &authors {
            let train: Vec<LabelledAnswer> = answers
                .iter()
                .filter(|a| &a.author != author)
                .cloned()
                .map(|mut a| {
                    // every answer of the other writer, whatever its split
                    a.author.clear();
                    a
                })
                .collect();
            let mut items: Vec<data::Item> = pack
                .examples
                .iter()
                .filter(|e| !e.principles.is_empty())
                .map(|e| data::Item {
                    text: e.strong.clone(),
                    labels: e.principles.clone(),
                    weight: 1.0,
                })
                .collect();
            items.extend(
                train
                    .iter()
                    .filter(|a| !a.principles.is_empty())
                    .map(|a| data::Item {
                        text: a.plain(),
                        labels: a.principles.clone(),
                        weight: 1.0,
                    }),
            );
            let amodel = recipe::train(
                &recipe::Spec {
                    name: "answer-principles",
                    input: "answer",
                    target: Target::Principle,
                    classes: &principles,
                },
                &items,
                String::new(),
                &params,
                &recipe::SECONDARY,
            );
            for a in answers
                .iter()
                .filter(|a| &a.author == author && !a.principles.is_empty())
            {
                let text = a.plain();
                let c = cues.critique(&Input {
                    text: &text,
                    ..Input::default()
                });
                let cue = |id: &str| {
                    c.principles
                        .iter()
                        .find(|p| p.id == id)
                        .map_or(0.0, |p| p.score)
                };
                let pa = recipe::predict(&amodel, &text);
                let pq = recipe::predict(&qmodel, &text);
                for (t, (_, wc, wa, wq)) in tallies.iter_mut().zip(&mixes) {
                    let mut ranked: Vec<(f64, &String)> = principles
                        .iter()
                        .enumerate()
                        .map(|(i, id)| (wc * cue(id) + wa * pa[i].sqrt() + wq * pq[i].sqrt(), id))
                        .collect();
                    ranked.sort_by(|x, y| y.0.total_cmp(&x.0));
                    let ids: Vec<String> = ranked.into_iter().map(|(_, id)| id.clone()).collect();
                    t.add(&a.principles, &ids);
                }
            }
        }
        for (t, (label, ..)) in tallies.iter().zip(&mixes) {
            println!(
                "answers l2 {l2} {scheme:?} {label:<22}: {} answers, top-1 {:.1}% top-3 {:.1}% main-in-3 {:.1}%",
                t.n,
                pct(t.top1, t.n),
                pct(t.top3, t.n),
                pct(t.main3, t.n)
            );
        }
    }
    Ok(())
}

/// The principle fit (cosine of the question's and the answer's principle scores, as the critic's
/// relevance check computes it) of every graded answer outside the test split, off-topic ones marked.
fn tune_fit(pack: &Pack) -> crate::Result<()> {
    let critic = Critic::new(pack);
    let answers = data::answers(&data::data_dir())?;
    let mut rows: Vec<(f64, bool, String, String)> = Vec::new();
    for a in answers
        .iter()
        .filter(|a| data::split(&a.plain()) != Split::Test)
    {
        let text = a.plain();
        let c = critic.critique(&Input {
            text: &text,
            question: Some(Question {
                text: &a.question,
                principles: &[],
                kind: "",
            }),
            ..Input::default()
        });
        let Some(q) = c.question else { continue };
        let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
        let qn = norm(&mut q.principles.iter().map(|p| p.score));
        let an = norm(&mut c.principles.iter().map(|p| p.score));
        let dot: f64 = q
            .principles
            .iter()
            .map(|p| {
                p.score
                    * c.principles
                        .iter()
                        .find(|x| x.id == p.id)
                        .map_or(0.0, |x| x.score)
            })
            .sum();
        let fit = if qn == 0.0 || an == 0.0 {
            1.0
        } else {
            dot / (qn * an)
        };
        let off = a.id.contains("offtopic") || a.id.contains("off-topic");
        rows.push((fit, off, a.grade.clone(), a.id.clone()));
    }
    rows.sort_by(|x, y| x.0.total_cmp(&y.0));
    for (fit, off, grade, id) in rows.iter().take(25) {
        println!(
            "{fit:.3} {} {grade:<14} {id}",
            if *off { "OFF" } else { "   " }
        );
    }
    for (fit, off, grade, id) in rows.iter().filter(|r| r.1) {
        println!("off-topic: {fit:.3} {grade} {id} {off}");
    }
    Ok(())
}
