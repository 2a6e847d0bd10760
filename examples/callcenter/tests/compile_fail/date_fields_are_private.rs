// A month and day is made with `MonthDay::new`, which refuses 30 February; its fields are private.
use callcenter::phrases::MonthDay;

fn main() {
    let due = MonthDay { month: 2, day: 30 };
    println!("{due}");
}
