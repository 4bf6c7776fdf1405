package dev.claudebottle.supervise.model.planted;

/** A planted violation: a model class of supervise-domain depending on the application ring (model ← application). */
public class ModelKnowingAUseCase {
    public Object run(dev.claudebottle.supervise.application.planted.PlantedUseCase useCase) {
        return useCase;
    }
}
