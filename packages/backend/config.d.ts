export interface Config {
  eksPlatform?: {
    /**
     * Groups whose members are platform admins: they may do everything in
     * the portal (delete locations, dry-run templates, use the Kubernetes
     * proxy, read private entities, and adopt pre-existing resources with an
     * action's `adoptExisting: true`). Entity refs of kind Group, e.g.
     * `group:default/team-platform`; membership comes from the user's
     * ownership refs (the catalog's memberOf relations at sign-in).
     */
    platformAdmins?: string[];
  };
}
