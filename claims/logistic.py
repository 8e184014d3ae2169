"""An L2-penalised logistic model fitted with numpy, for the project's small learned scores.

Pure numpy (no Django): the extraction library and the corroboration trainers share it.
A model is a plain dict (feature names, standardisation, intercept and coefficients) that
serialises to JSON as it is.
"""

from collections.abc import Sequence

import numpy as np


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float = 1.0, features: Sequence[str] = ()
) -> dict:
    """Newton steps on the penalised log-likelihood over standardised columns (the
    intercept is not penalised)."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / scale])
    w = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-Z @ w))
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "features": list(features),
        "mean": mean.round(8).tolist(),
        "scale": scale.round(8).tolist(),
        "intercept": round(float(w[0]), 8),
        "coef": w[1:].round(8).tolist(),
    }


def logistic_scores(model: dict, X: np.ndarray) -> np.ndarray:
    """The model's log-odds for each row of X."""
    return model["intercept"] + ((X - model["mean"]) / model["scale"]) @ np.array(model["coef"])
