//! Where, inside one `counter += 1`, a thread can be made to let go of the GIL.
//!
//! An increment is a read (`LOAD_GLOBAL`), an add, and a write (`STORE_GLOBAL`). A GIL holder only
//! drops the GIL at an eval-breaker check point, so what matters is whether a check point falls
//! between the read and the write. That depends on the version: up to 3.9 the dispatch loop checks
//! before almost every instruction; from 3.10 (3.15 included) only at loop back-edges, calls and
//! function entry (`docs/model.md` cites the CPython source). The model counts an increment from its read and
//! spreads its check points evenly over its cost: the first `inside` of them lie between the read
//! and the write; the others, the back-edge among them, after the write.

use super::python::PythonVersion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadWriteShape {
    /// Eval-breaker check points in one increment (at least 1: the back-edge).
    pub check_points: u32,
    /// How many of them come after the read and before the write.
    pub inside: u32,
}

impl ReadWriteShape {
    /// The check points of one increment in a GIL build; in a free-threaded build, the
    /// instructions of one increment and how many of them run between the read and the write.
    pub fn of(python: PythonVersion, via_call: bool) -> ReadWriteShape {
        let (check_points, inside) = match (python.free_threaded, python.at_least(3, 10), via_call)
        {
            // FOR_ITER, STORE_FAST, LOAD_GLOBAL, LOAD_CONST, BINARY_OP, STORE_GLOBAL, JUMP_BACKWARD.
            (true, _, false) => (7, 2),
            // … LOAD_GLOBAL counter, LOAD_GLOBAL one, CALL, RESUME, RETURN_CONST, BINARY_OP, STORE_GLOBAL …
            (true, _, true) => (10, 5),
            // Checked after FOR_ITER, LOAD_GLOBAL, INPLACE_ADD, STORE_GLOBAL and JUMP_ABSOLUTE
            // (the instructions that end in DISPATCH rather than FAST_DISPATCH).
            (false, false, false) => (5, 2),
            // As above, plus LOAD_GLOBAL one, the callee's entry and CALL_FUNCTION's return.
            (false, false, true) => (8, 5),
            // Only JUMP_BACKWARD checks.
            (false, true, false) => (1, 0),
            // The call (CALL or the callee's RESUME) and JUMP_BACKWARD.
            (false, true, true) => (2, 1),
        };
        ReadWriteShape { check_points, inside }
    }

    /// Offset, into an increment of length `cost`, of check point `index` (1-based).
    fn offset(self, index: u32, cost: u64) -> u64 {
        index as u64 * cost / self.check_points as u64
    }

    /// The first check point at or after `position` (`0 <= position < cost`) into an increment:
    /// its 1-based index and how far ahead it is. Position 0 is the previous increment's last check point.
    pub fn next_check_point(self, position: u64, cost: u64) -> (u32, u64) {
        if position == 0 {
            return (self.check_points, 0);
        }
        let index = (1..=self.check_points)
            .find(|index| self.offset(*index, cost) >= position)
            .unwrap_or(self.check_points);
        (index, self.offset(index, cost).saturating_sub(position))
    }

    /// Whether a thread stopped at check point `index` has read the variable but not written it back.
    pub fn holds_read_at(self, index: u32) -> bool {
        (1..=self.inside).contains(&index)
    }

    /// Whether a thread stopped `position` into an increment (at an arbitrary instruction, as the
    /// OS can stop it) has read but not written.
    pub fn holds_read_at_position(self, position: u64, cost: u64) -> bool {
        position > 0 && position * (self.check_points as u64) <= self.inside as u64 * cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str) -> PythonVersion {
        PythonVersion::parse(text).unwrap()
    }

    #[test]
    fn only_old_versions_and_calls_put_a_check_point_between_read_and_write() {
        assert_eq!(
            ReadWriteShape::of(python("3.9"), false),
            ReadWriteShape { check_points: 5, inside: 2 }
        );
        assert_eq!(
            ReadWriteShape::of(python("2.7"), true),
            ReadWriteShape { check_points: 8, inside: 5 }
        );
        assert_eq!(ReadWriteShape::of(python("3.10"), false).inside, 0);
        assert_eq!(
            ReadWriteShape::of(python("3.14"), true),
            ReadWriteShape { check_points: 2, inside: 1 }
        );
        assert_eq!(
            ReadWriteShape::of(python("3.15"), true),
            ReadWriteShape { check_points: 2, inside: 1 }
        );
        assert_eq!(
            ReadWriteShape::of(python("3.13t"), false),
            ReadWriteShape { check_points: 7, inside: 2 }
        );
        assert_eq!(
            ReadWriteShape::of(python("3.15t"), true),
            ReadWriteShape { check_points: 10, inside: 5 }
        );
    }

    #[test]
    fn check_points_are_spread_evenly() {
        let shape = ReadWriteShape { check_points: 5, inside: 2 };
        // Check points at 10, 20, 30, 40 and 50 ns into a 50 ns increment.
        assert_eq!(shape.next_check_point(0, 50), (5, 0));
        assert_eq!(shape.next_check_point(1, 50), (1, 9));
        assert_eq!(shape.next_check_point(10, 50), (1, 0));
        assert_eq!(shape.next_check_point(11, 50), (2, 9));
        assert_eq!(shape.next_check_point(49, 50), (5, 1));
        assert!(
            !shape.holds_read_at(0)
                && shape.holds_read_at(1)
                && shape.holds_read_at(2)
                && !shape.holds_read_at(3)
        );
        let back_edge_only = ReadWriteShape { check_points: 1, inside: 0 };
        assert_eq!(back_edge_only.next_check_point(7, 50), (1, 43));
        assert!(!back_edge_only.holds_read_at(1));
        assert!(
            shape.holds_read_at_position(20, 50)
                && !shape.holds_read_at_position(21, 50)
                && !shape.holds_read_at_position(0, 50)
        );
    }
}
