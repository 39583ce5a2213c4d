//! Micro-benchmarks of name normalisation: every name stored, indexed and searched goes through
//! it. Run with `cargo bench -p tonle-domain` (CI only builds them).

use divan::black_box;
use tonle_domain::khmer;
use tonle_domain::text::search_key;

fn main() {
    divan::main();
}

#[divan::bench(args = ["ស្រីមុំ", "ពិសិដ្ឋ", "សម្បត្តិ", "Sreymom", "Kratié"])]
fn khmer_normalise(name: &str) -> String {
    khmer::normalise(black_box(name))
}

#[divan::bench(args = ["សុខ ស្រីមុំ", "SOK Sreymom", "ស្រី\u{200b}មុំ"])]
fn name_search_key(name: &str) -> String {
    search_key(black_box(name))
}
