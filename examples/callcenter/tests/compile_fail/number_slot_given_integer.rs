// `reply_minutes` takes 1 to 120: its value is made with `slots::ReplyMinutes::new`, which
// refuses -5, not given as a bare integer.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art34 { reply_minutes: -5 };
    println!("{phrase}");
}
