//! Which log indexes one frame of the page shows: a run of columns that follows the end of the
//! longest log, or stays where the reader scrolled it.

use raft_core::LogIndex;

/// The log indexes `first..=last` a frame shows; empty (`last < first`) with no columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogWindow {
    /// First index shown (1 or more).
    pub first: LogIndex,
    /// Last index shown.
    pub last: LogIndex,
}

impl LogWindow {
    /// The `columns` indexes ending at `end`, or at the end of the longest log (`longest`)
    /// when `end` is `None`. The window never starts before index 1 nor ends past the longest
    /// log, unless that log is shorter than the window: then it is `1..=columns`.
    pub fn new(columns: usize, end: Option<LogIndex>, longest: LogIndex) -> LogWindow {
        let columns = columns as LogIndex;
        if columns == 0 {
            return LogWindow { first: 1, last: 0 };
        }
        let latest = longest.max(columns);
        let last = end.unwrap_or(latest).clamp(columns, latest);
        LogWindow {
            first: last - columns + 1,
            last,
        }
    }

    /// True when the window holds `index`.
    pub fn contains(&self, index: LogIndex) -> bool {
        (self.first..=self.last).contains(&index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_longest_log_without_an_end() {
        assert_eq!(
            LogWindow::new(10, None, 312),
            LogWindow {
                first: 303,
                last: 312
            }
        );
        // A short log: the first columns, as the grid draws empty slots after it.
        assert_eq!(
            LogWindow::new(10, None, 4),
            LogWindow { first: 1, last: 10 }
        );
    }

    #[test]
    fn stays_where_it_was_scrolled_inside_the_log() {
        assert_eq!(
            LogWindow::new(10, Some(50), 312),
            LogWindow {
                first: 41,
                last: 50
            }
        );
        // Scrolled before index 1 or past the end: clamped.
        assert_eq!(
            LogWindow::new(10, Some(3), 312),
            LogWindow { first: 1, last: 10 }
        );
        assert_eq!(
            LogWindow::new(10, Some(900), 312),
            LogWindow {
                first: 303,
                last: 312
            }
        );
        // Back in time, the log is shorter than where the window was left.
        assert_eq!(
            LogWindow::new(10, Some(50), 20),
            LogWindow {
                first: 11,
                last: 20
            }
        );
    }

    #[test]
    fn no_columns_show_nothing() {
        let window = LogWindow::new(0, Some(5), 312);
        assert!(window.last < window.first);
        assert!(!window.contains(1));
    }
}
