// `reply_minutes` is a `number` slot: it takes its checked number type, not a text.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art34 { reply_minutes: "thirty" };
    println!("{phrase}");
}
