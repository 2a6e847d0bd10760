// The customer's title follows `gender`; the colleague's gender is another slot with its own type.
use callcenter::phrases::{articles, slots};

fn main() {
    let phrase = articles::Art53 {
        customer_name: "王",
        gender: slots::ColleagueGender::Female,
    };
    println!("{phrase}");
}
