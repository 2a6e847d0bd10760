// A telephone number is made by `Phone::new`, which checks it as the checker does: a bare
// `&str` (which could be `"abc"`) does not compile.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art33 { department_phone: "abc" };
    println!("{phrase}");
}
