import NNEngine
