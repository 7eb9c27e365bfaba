import Foundation
import GrokProtocol
import GrokTasks

/// Replication and spot checks: a task that needs k agreeing results is committed when k
/// results from distinct principals are byte-identical; a disagreement is a determinism fault
/// naming every worker involved, and brings in another worker.
extension CoordinatorLoop {
    mutating func evaluate(_ task: SweepTask) throws {
        let key = task.key
        guard scheduler.status(of: task) != .done else { return }
        let required = scheduler.required(of: task)
        let verdict = candidates.verdict(
            of: task, required: required, contributors: scheduler.contributorCount(of: task), maxAttempts: options.config.network.maxAttempts,
            localPrincipal: LocalVerifier.principal)
        switch verdict {
        case nil:
            return
        case .commit(let representative, let best, let outvoted)?:
            let verified = spotChecked.contains(task) ? "spot_checked" : "replicated"
            try commit(task, representative, verified: verified, alsoAcknowledging: best.filter { $0.worker != representative.worker })
            for other in outvoted { try fault(key, other, against: best) }
            candidates.remove(task)
            logger.info("\(key): committed after \(best.count) agreeing results (\(best.map(\.worker).joined(separator: ", ")))")
        case .wait(let support, let disagreeing, let giveUp)?:
            scheduler.recordSupport(task: task, support: support)
            let held = candidates.candidates(of: task)
            let principals = Set(scheduler.liveWorkers.compactMap { scheduler.principal(of: $0) }).union(held.map(\.principal))
            if principals.count < required && !warnedFewPrincipals {
                warnedFewPrincipals = true
                logger.warning(
                    "\(key) needs \(required) agreeing results from distinct \(options.curve == nil ? "hosts" : "CURVE keys"); only \(principals.count) have taken part so far: start workers on more hosts (or with their own keys), or lower network.replication"
                )
            }
            if let disagreeing, let newest = held.last {
                let text = disagreeing.map { $0.joined(separator: " = ") }.sorted().joined(separator: " ≠ ")
                determinismFaults += 1
                logger.error("DETERMINISM FAULT: results for \(key) disagree: \(text); leasing it to another worker")
                try journal?.recordEvent(kind: "determinism_fault", task: key, worker: newest.worker, detail: "disagreeing results: " + text)
            }
            if let giveUp {
                scheduler.giveUp(task: task, error: giveUp)
                candidates.remove(task)
            }
        }
    }

    /// A held result outvoted by `winners`: logged by name, refused to its worker.
    private mutating func fault(_ key: String, _ loser: CandidateStore.Candidate, against winners: [CandidateStore.Candidate]) throws {
        determinismFaults += 1
        logger.error(
            "DETERMINISM FAULT: \(loser.worker)'s result for \(key) differs from the \(winners.count) agreeing ones (\(winners.map(\.worker).joined(separator: ", "))); it was not committed"
        )
        try journal?.recordEvent(
            kind: "determinism_fault", task: key, worker: loser.worker, detail: "outvoted by \(winners.map(\.worker).joined(separator: ", "))")
        if loser.principal != LocalVerifier.principal, let identity = directory.routing(of: loser.worker) {
            refuse(identity, .determinism, "your result for \(key) differs from the \(winners.count) agreeing results", task: key)
        }
    }

    /// The coordinator's own recomputations for spot checks.
    mutating func collectLocalResults() throws {
        guard let verifier else { return }
        for done in verifier.finished() {
            scheduler.reserve(task: done.task, 0)
            guard let bytes = done.bytes, let result = done.result else {
                logger.error(
                    "the coordinator could not recompute \(done.task) for its spot check: \(done.error ?? "?"); another worker's result is needed instead"
                )
                continue
            }
            scheduler.addLocalContributor(task: done.task, principal: LocalVerifier.principal)
            candidates.add(
                CandidateStore.Candidate(worker: LocalVerifier.principal, principal: LocalVerifier.principal, lease: 0, bytes: bytes, result: result),
                task: done.task)
            try evaluate(done.task)
        }
    }
}
