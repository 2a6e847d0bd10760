// A time of day is made only by `TimeOfDay::new`, which checks it: no `99时99分`.
use callcenter::phrases::{TimeOfDay, articles};

fn main() {
    let phrase = articles::Art58P1 {
        finish_time: TimeOfDay { hour: 99, minute: 99 },
    };
    println!("{phrase}");
}
