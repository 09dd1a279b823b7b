package dev.tokenbench.engine.djl;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.engine.EngineException;

/**
 * PyTorch as the engine runs on it: loaded through DJL, with its thread counts set.
 *
 * <p>PyTorch's intra-op thread count is process-wide: starting it for an engine sets it for every PyTorch user in the
 * JVM (the last engine opened wins). Inter-op threads are set to 1 if PyTorch still allows it (only before its first
 * parallel work).
 *
 * @param pytorch the DJL engine
 * @param device  the device arrays are created on (DJL's default: CPU, or a GPU where DJL finds one)
 */
record PyTorchRuntime(ai.djl.engine.Engine pytorch, Device device) {

    /**
     * Loads PyTorch and sets its intra-op threads to {@code threads}.
     *
     * @throws EngineException when PyTorch cannot be loaded, naming the artifacts it needs
     */
    static PyTorchRuntime start(int threads) throws EngineException {
        ai.djl.engine.Engine pytorch;
        try {
            pytorch = ai.djl.engine.Engine.getEngine("PyTorch");
            setThreads(threads);
        } catch (RuntimeException e) {
            throw new EngineException(DjlPytorchEngine.FRAMEWORK + ": cannot load the PyTorch engine (" + e.getMessage()
                    + "); check that pytorch-engine, pytorch-jni and pytorch-native-cpu are on the class path", e);
        }
        return new PyTorchRuntime(pytorch, pytorch.defaultDevice());
    }

    /** DJL's and PyTorch's versions, as results report them. */
    String version() {
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / PyTorch " + pytorch.getVersion();
    }

    /** The device's name in results: {@code cpu}, or {@code gpu} and its id. */
    String deviceName() {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    /** Sets PyTorch's process-wide intra-op threads, and inter-op threads to 1 while PyTorch still allows it. */
    private static void setThreads(int threads) {
        JniUtils.setNumThreads(threads);
        if (JniUtils.getNumInteropThreads() != 1) {
            try {
                JniUtils.setNumInteropThreads(1);
            } catch (RuntimeException e) {
                // PyTorch accepts this only before its first parallel work; the engine then runs with its default.
            }
        }
    }
}
