/// Presets of the tasks beyond XOR (issue 12); README "Tasks beyond XOR" gives the calibration.
extension SweepConfig {
    /// Modular addition mod 47 with AdamW (lr 1e-2, betas (0.9, 0.98), full batch), decoupled
    /// weight decay 1 and 2 (grok) beside 0 (the ungrokked control), eight widths, six seeds.
    /// Training fraction 0.3, not the companion's 0.8: at 0.8 this model generalizes within
    /// ~1.2–1.4 × its train-fit time with or without weight decay (no delay to measure); at 0.3
    /// it groks with t_g ≈ 4–5 t_train. Below h ≈ 48 it does not even fit the training set in
    /// 1000 epochs, so the widths are 64 … 144 (N = 9,024 … 20,304); 800 epochs keep the preset
    /// to about ten minutes on two free cores.
    public static var modularAddition: SweepConfig {
        var config = SweepConfig()
        config.preset = "modadd"
        config.taskGrid.tasks = ["modadd"]
        config.taskGrid.optimizers = [.adamw]
        config.taskGrid.regularizers = [.decoupled]
        config.taskGrid.weightDecays = [0, 1, 2]
        config.taskGrid.batchSize = 0
        config.taskGrid.knobs.modaddModulus = 47
        config.taskGrid.knobs.modaddTrainingFraction = 0.3
        config.widths = [64, 72, 80, 88, 96, 112, 128, 144]
        config.seeds = 6
        config.topologies = ["ba"]
        config.training.epochs = 800
        config.training.learningRate = 1e-2
        config.training.snapshotInterval = 10
        config.probe.controlFields = 10
        config.analysis.window = 50
        return config
    }

    /// Sparse parity (n, k) = (30, 3) with M = 1,000 training strings, minibatch SGD (lr 0.1,
    /// batch 32, no momentum) and coupled ℓ2 of 0.01 (Merrill et al. 2023), eight widths.
    public static var sparseParity: SweepConfig {
        var config = SweepConfig()
        config.preset = "parity"
        config.taskGrid.tasks = ["parity"]
        config.taskGrid.optimizers = [.sgd]
        config.taskGrid.regularizers = [.l2]
        config.taskGrid.weightDecays = [0.01]
        config.taskGrid.batchSize = 32
        config.taskGrid.optimizer.momentum = 0
        config.taskGrid.knobs.parityBits = 30
        config.taskGrid.knobs.parityRelevant = 3
        config.taskGrid.knobs.parityTraining = 1000
        config.widths = [16, 24, 32, 48, 64, 96, 128, 192]
        config.seeds = 6
        config.topologies = ["ba"]
        config.training.epochs = 300
        config.training.learningRate = 0.1
        config.training.snapshotInterval = 5
        config.probe.controlFields = 10
        config.analysis.window = 20
        return config
    }
}
