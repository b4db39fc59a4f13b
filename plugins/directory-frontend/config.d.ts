export interface Config {
  /** Settings of the Directory Ops plugins. */
  directory?: {
    /** Argo CD, to link the application that deploys an instance. */
    argocd?: {
      /**
       * The Argo CD UI base URL, for example https://argocd.acme.com; the
       * card links to `<baseUrl>/applications/<argocd/app-name>`.
       * @visibility frontend
       */
      baseUrl?: string;
    };
  };
}
