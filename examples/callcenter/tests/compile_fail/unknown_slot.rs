// Article 45 has no slot `department`: a field its phrase does not take is an error that names the phrase.
use callcenter::phrases::articles;

fn main() {
    let phrase = articles::Art45 {
        third_party_issue: "小区停电",
        third_party: "物业公司",
        department: "客服部",
    };
    println!("{phrase}");
}
