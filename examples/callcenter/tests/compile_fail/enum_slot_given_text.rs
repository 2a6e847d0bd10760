// `gender` is an enum slot: it takes `slots::Gender`, not the name of a value.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art53 { customer_name: "王", gender: "female" };
    println!("{phrase}");
}
