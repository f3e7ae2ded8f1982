import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Batch, type ProfileInfo, type WorkspaceInfo } from '../../api';

export interface WorkspaceData {
  info: WorkspaceInfo | null;
  batches: Batch[];
  profiles: ProfileInfo[];
  loading: boolean;
  error: string;
  refresh: () => Promise<void>;
}

/** The open workspace's numbers, import history and the known profiles. */
export function useWorkspace(): WorkspaceData {
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [profiles, setProfiles] = useState<ProfileInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const [w, b, p] = await Promise.all([api.workspace(), api.batches(), api.profiles()]);
      if (mine !== seq.current) return;
      setInfo(w);
      setBatches(b);
      setProfiles(p);
      setError('');
    } catch (e) {
      if (mine !== seq.current) return;
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { info, batches, profiles, loading, error, refresh };
}
