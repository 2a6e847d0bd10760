// A `TimeOfDay` is made with `TimeOfDay::new`, which refuses 99:99; its fields are private.
use callcenter::phrases::{TimeOfDay, articles};

fn main() {
    let finish_time = TimeOfDay { hour: 99, minute: 99 };
    println!("{}", articles::Art58P1 { finish_time });
}
