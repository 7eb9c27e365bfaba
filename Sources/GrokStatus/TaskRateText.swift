import Foundation

/// The one wording of a task rate, shared by the terminal progress line and the status page so
/// the two never disagree: tasks/s at or above one a second, tasks/min below (a slow sweep would
/// otherwise read "0.0 tasks/s").
public enum TaskRateText {
    public static func text(_ tasksPerSecond: Double) -> String {
        tasksPerSecond >= 1 ? String(format: "%.1f tasks/s", tasksPerSecond) : String(format: "%.1f tasks/min", tasksPerSecond * 60)
    }
}
