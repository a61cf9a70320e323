//! Design report speed: a 1,500-word written design (target: median under 1 ms, one core), with and
//! without a pack prompt's reference points. Run:
//! `cargo bench -p tpmprep-critic --bench design_report`.

use criterion::{Criterion, criterion_group, criterion_main};
use tpmprep_critic::Critic;

const DESIGN: &str = "## Clarify
- Users can shorten a long URL and get a 7-character code; anyone can follow the code.
- Assume 50M daily users × 20 actions a day, nearly all redirects: 1B a day, about 11.6k QPS average and ~40k QPS at peak.
- p99 redirect under 50 ms; 99.95% availability; a created link must never be lost.

## High-level design
- The API service writes new links to DynamoDB; redirects read from a Redis cache and on a miss read from DynamoDB.
- Data model: one item per link, partition key is the short code, with the long URL, owner and created time.

## Trade-offs
- DynamoDB over PostgreSQL, because every read is by key and we need no joins.
- Eventual consistency on the replicas rather than strong reads, since a link read a second after creation can retry once.

## Deep dive
- The bottleneck is a hot key when one link goes viral: the cache absorbs it, and each host keeps the top 1,000 codes in memory.
- We shard by the code's hash and scale the stateless API horizontally behind the load balancer.
- If Redis is down we fall back to DynamoDB reads, rate-limited.

## Wrap-up
- Alarm when p99 redirect latency stays above 50 ms for 5 minutes, or 5xx above 0.1%.
- Creation requires an API key; links are scanned for abuse; data encrypted at rest with KMS.
- Cost: reads from cache are cheaper than on-demand DynamoDB reads, roughly $3k a month saved.
";

fn design(words: usize) -> String {
    let mut text = String::new();
    while text.split_whitespace().count() < words {
        text.push_str(DESIGN);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let prompt = pack.prompts.iter().find(|p| p.id == "url-shortener");
    let text = design(1_500);
    c.bench_function("design report 1,500 words", |b| {
        b.iter(|| critic.design_report(&text, None))
    });
    c.bench_function("design report 1,500 words with a prompt", |b| {
        b.iter(|| critic.design_report(&text, prompt))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
