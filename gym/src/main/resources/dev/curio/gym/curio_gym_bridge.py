# The Python half of Curio's in-process gym bridge (dev.curio.gym.PythonGymEnv).
# Java calls make() once per env and then reset()/step() on the returned Handle. Each handle owns
# three NumPy buffers whose memory Java reads and writes directly, so an observation crosses the
# boundary as one bulk copy and a step is one Python call without arguments.
import json

import gym
import numpy as np
from gym import spaces


def describe(space):
    """A space as the JSON dict gym-http-api uses ({"name": "Discrete", "n": ..} or {"name": "Box", ..})."""
    if isinstance(space, spaces.Discrete):
        return {"name": "Discrete", "n": int(space.n)}
    if isinstance(space, spaces.Box):
        return {"name": "Box", "shape": [int(d) for d in space.shape],
                "low": [float(v) for v in space.low.ravel()],
                "high": [float(v) for v in space.high.ravel()]}
    raise ValueError("has a %s space; Curio takes Discrete and Box spaces only" % type(space).__name__)


def make(env_id):
    try:
        env = gym.make(env_id)
    except gym.error.Error as e:
        raise ValueError("unknown gym env '%s' (%s)" % (env_id, e)) from None
    try:
        return Handle(env)
    except ValueError as e:
        env.close()
        raise ValueError("gym env '%s' %s" % (env_id, e)) from None


def seed_of(seed):
    # gym seeds must be non-negative; Java seeds are any long
    return int(seed) % (2 ** 64)


class Handle:
    def __init__(self, env):
        self.env = env
        self.obs_info = describe(env.observation_space)
        self.act_info = describe(env.action_space)
        self.discrete_obs = self.obs_info["name"] == "Discrete"
        self.discrete_act = self.act_info["name"] == "Discrete"
        obs_dim = 1 if self.discrete_obs else int(np.prod(env.observation_space.shape))
        act_dim = 1 if self.discrete_act else int(np.prod(env.action_space.shape))
        self.act_shape = None if self.discrete_act else env.action_space.shape
        # shared with Java: the observation, [reward, terminated, truncated], and the action
        self.obs = np.zeros(obs_dim, dtype=np.float32)
        self.out = np.zeros(3, dtype=np.float64)
        self.act = np.zeros(act_dim, dtype=np.float32)
        spec = env.spec
        self.max_steps = int(spec.max_episode_steps) if spec is not None and spec.max_episode_steps else 0

    def spaces_json(self):
        return json.dumps({"observation": self.obs_info, "action": self.act_info, "max_episode_steps": self.max_steps})

    def _put(self, obs):
        if self.discrete_obs:
            self.obs[0] = int(obs)
        else:
            self.obs[:] = np.asarray(obs, dtype=np.float32).ravel()

    def reset(self, seed):
        self.env.seed(seed_of(seed))
        self._put(self.env.reset())

    def step(self):
        if self.discrete_act:
            action = int(self.act[0])
        else:
            action = self.act.astype(self.env.action_space.dtype).reshape(self.act_shape)
        obs, reward, done, info = self.env.step(action)
        truncated = bool(info.get("TimeLimit.truncated", False))
        self._put(obs)
        out = self.out
        out[0] = float(reward)
        out[1] = 1.0 if (done and not truncated) else 0.0
        out[2] = 1.0 if truncated else 0.0

    def close(self):
        self.env.close()
