// Matching on the rules of a decision is exhaustive: a rule without a phrase does not compile,
// so an article added to the rules is noticed where the program picks its phrases.
use callcenter::phrases::decisions::SlowComplaintRule;

fn phrase(rule: SlowComplaintRule) -> &'static str {
    match rule {
        SlowComplaintRule::Art58C1 => "设备安装",
        SlowComplaintRule::Art58C2 => "故障处理",
    }
}

fn main() {
    println!("{}", phrase(SlowComplaintRule::Art64C1));
}
