// `reply_minutes` is a `number` slot: it takes an integer, not a text.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art34 { reply_minutes: "thirty" };
    println!("{phrase}");
}
