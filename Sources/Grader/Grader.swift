import NNLanguage
