// `finish_time` is a `time` slot: it takes a `TimeOfDay`, not a text.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art58P1 { finish_time: "15时" };
    println!("{phrase}");
}
