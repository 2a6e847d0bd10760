// Article 45 names both the third party's problem and the third party; leaving one out is an error.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art45 { third_party_issue: "小区停电" };
    println!("{phrase}");
}
