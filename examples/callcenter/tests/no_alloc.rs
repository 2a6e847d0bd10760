//! Rendering through the generated API allocates nothing: a counting global allocator sees no
//! allocation while every kind of phrase (text, constants, every slot type, choices, free
//! variation) is rendered into a reused `String` with enough capacity, or into a fixed buffer.
// A counting global allocator implements `GlobalAlloc`, which is unsafe to implement.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::{self, Write};

use callcenter::phrases::decisions::AsksCause;
use callcenter::phrases::{Number, Segment, TimeOfDay, articles, facts, slots};
use callcenter::{Fault, answer_cause};

/// Counts the allocations made by the current thread (other test threads do not interfere).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the allocator may run while the thread's locals are being torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: forwards every call to `System` unchanged; the counter needs no allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: as for `alloc`; `ptr` was allocated by `System` through this allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` through this allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// A fixed buffer: `core::fmt::Write` without any heap.
struct Buffer {
    bytes: [u8; 4096],
    len: usize,
}

impl Write for Buffer {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        let target = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        target.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Buffer {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("only whole strs are written")
    }
}

/// Renders one phrase of each kind into `out`, a hundred times over.
fn render_all<W: Write>(out: &mut W, clear: fn(&mut W)) -> fmt::Result {
    let fault = Fault {
        customer_issue: "光猫电源未接通",
        check_steps: "重启光猫后再试",
        third_party_issue: "小区停电",
        third_party: "物业公司",
    };
    for round in 0..100u8 {
        clear(out);
        // Text only, with free variation.
        articles::Art49.render(out)?;
        // Text slots and a constant.
        articles::Art45 {
            third_party_issue: "小区停电",
            third_party: "物业公司",
        }
        .render(out)?;
        articles::Art38 { product: "宽带" }.render(out)?;
        // A number, a time of day (with and without minutes), an enum choice and a person.
        let reply_minutes = slots::ReplyMinutes::new(30).ok_or(core::fmt::Error)?;
        articles::Art34 { reply_minutes }.render(out)?;
        let decimal = Number::new(-12_345, 2).ok_or(core::fmt::Error)?;
        write!(out, "{decimal}")?;
        let finish_time = TimeOfDay::new(15, round % 60).ok_or(core::fmt::Error)?;
        articles::Art58P1 { finish_time }.render(out)?;
        articles::Art53 {
            customer_name: "王",
            gender: slots::Gender::Female,
        }
        .render(out)?;
        articles::Art59 {
            engineer: "李明",
            customer_company: "某某科技有限公司",
            customer_name: "张",
            gender: slots::Gender::Male,
            fault_kind: "专线不通",
        }
        .render(out)?;
        // Through `Display`, and through `select`.
        write!(
            out,
            "{}",
            articles::Art61 {
                revisit_after: slots::RevisitAfter::new(
                    u32::from(round),
                    slots::RevisitAfterUnit::Hour
                )
            }
        )?;
        let situation = AsksCause {
            cause: facts::Cause::ThirdParty,
            stage: facts::Stage::Resolved,
            question: facts::Question::Cause,
            segment: Segment::Household,
        };
        answer_cause(situation, &fault, out)?;
    }
    Ok(())
}

#[test]
fn rendering_into_a_string_with_capacity_does_not_allocate() {
    let mut out = String::with_capacity(4096);
    // Warm-up, outside the count: anything lazily set up on first use.
    render_all(&mut out, String::clear).expect("fits");
    let expected = out.clone();
    let n = allocations_during(|| render_all(&mut out, String::clear).expect("fits"));
    assert_eq!(n, 0, "allocations while rendering");
    assert_eq!(out, expected);
    assert!(out.contains("我们会在15时39分完成"), "{out}");
    assert!(out.contains("王小姐"), "{out}");
}

#[test]
fn rendering_into_a_fixed_buffer_does_not_allocate() {
    let mut buffer = Buffer {
        bytes: [0; 4096],
        len: 0,
    };
    let n = allocations_during(|| {
        render_all(&mut buffer, |b| b.len = 0).expect("fits");
    });
    assert_eq!(n, 0, "allocations while rendering");
    assert!(buffer.as_str().starts_with("对不起，我们正在全力处理"));
    assert!(buffer.as_str().ends_with("现在业务已恢复。"));
}

#[test]
fn the_counter_sees_allocations() {
    let n = allocations_during(|| {
        let text = articles::Art49.to_string();
        assert!(!text.is_empty());
    });
    assert!(n >= 1, "to_string allocates its String: {n}");
}
